// tenantauthd: the FastCGI daemon.
#include <Poco/Crypto/OpenSSLInitializer.h>

#include <iostream>

#include "config/Settings.h"
#include "db/Connection.h"
#include "db/Migrator.h"
#include "fcgi/Listener.h"
#include "fcgi/Supervisor.h"
#include "tenant/TenantStore.h"
#include "util/Log.h"
#include "util/SecretBox.h"

using namespace ta;

namespace {
const char* kUsage =
    "usage: tenantauthd [--config FILE] [--db DSN] [--listen unix:PATH|HOST:PORT] [--processes N]\n"
    "                   [--workers N] [--environment production|development] [--log-level LEVEL]\n"
    "                   [--authorizer-listen 127.0.0.1:PORT]\n";

// The daemon refuses to run a schema older than its code.
std::string pendingMigrations(const config::Settings& s, const util::SecretBox& box) {
    db::Connection c(s.db, s.statementTimeoutMs);
    db::Migrator m(c);
    auto control = m.pendingControl();
    if (!control.empty()) return "control schema: " + control.front();
    for (const auto& rec : tenant::TenantStore(c, box).loadAll()) {
        auto p = m.pendingTenant(rec.tenant->schema);
        if (!p.empty()) return "tenant " + rec.tenant->slug + ": " + p.front();
    }
    return {};
}
}  // namespace

int main(int argc, char** argv) {
    // Poco reference-counts OpenSSL set-up: when a short-lived DigestEngine drops the
    // count to zero, it tears OpenSSL's locks down under other threads (a crash under
    // load). One initializer held for the whole process keeps the count above zero.
    Poco::Crypto::OpenSSLInitializer openssl;
    config::Settings settings;
    try {
        std::vector<std::string> rest;
        bool help = false;
        settings = config::SettingsLoader::load(std::vector<std::string>(argv + 1, argv + argc),
                                                rest, help, "/etc/tenantauth/tenantauth.conf");
        if (help) {
            std::cout << kUsage << config::SettingsLoader::help();
            return 0;
        }
        if (!rest.empty()) throw config::UsageError("unexpected argument " + rest.front());
        config::SettingsLoader::validate(settings);
        if (settings.db.empty())
            throw config::UsageError("no database: give --db or db = in the config file");
    } catch (const config::UsageError& e) {
        std::cerr << "tenantauthd: " << e.what() << "\n" << kUsage;
        return 2;
    }
    util::Log::setLevel(settings.logLevel);
    try {
        util::SecretBox box = util::SecretBox::fromKeyFile(settings.secretKeyFile);
        std::string pending = pendingMigrations(settings, box);
        if (!pending.empty()) {
            std::cerr << "tenantauthd: migrations are pending (" << pending
                      << "); run: tenantauthctl migrate\n";
            return 1;
        }
        int fd = fcgi::Listener::open(settings.listen);
        // Opened before the workers fork, like the main socket; validate() has made
        // sure it is a loopback HOST:PORT.
        int authorizerFd = settings.authorizerListen.empty()
                               ? -1
                               : fcgi::Listener::open(settings.authorizerListen);
        return fcgi::Supervisor::run(fd, authorizerFd, settings);
    } catch (const std::exception& e) {
        std::cerr << "tenantauthd: " << e.what() << "\n";
        return 1;
    }
}
