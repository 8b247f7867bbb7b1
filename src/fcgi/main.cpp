// tenantauthd: the FastCGI daemon.
#include <Poco/Crypto/OpenSSLInitializer.h>
#include <malloc.h>

#include <algorithm>
#include <iostream>

#include "config/Settings.h"
#include "db/Connection.h"
#include "db/Migrator.h"
#include "fcgi/Listener.h"
#include "fcgi/Supervisor.h"
#include "metrics/Scoreboard.h"
#include "tenant/TenantStore.h"
#include "util/Log.h"
#include "util/SecretBox.h"

using namespace ta;

namespace {
const char* kUsage =
    "usage: tenantauthd [--check-config] [--config FILE] [--db DSN]\n"
    "                   [--listen unix:PATH|HOST:PORT] [--processes N] [--workers N]\n"
    "                   [--environment production|development] [--log-level LEVEL]\n"
    "                   [--authorizer-listen 127.0.0.1:PORT] [OPTION...]\n"
    "  --check-config    check the config file, the secret key file, the database connection and\n"
    "                    pending migrations, print what is wrong, exit 0 (all good) or 1\n";

// The daemon refuses to run a schema older than its code.
std::string pendingMigrations(const config::Settings& s, const util::SecretBox& box) {
    db::Connection c(s.db, s.statementTimeoutMs, s.preparedStatements());
    db::Migrator m(c);
    auto control = m.pendingControl();
    if (!control.empty()) return "control schema: " + control.front();
    for (const auto& rec : tenant::TenantStore(c, box).loadAll()) {
        if (rec.tenant->scope.role == "none")
            return "tenant " + rec.tenant->slug + ": no PostgreSQL role of its own yet";
        auto p = m.pendingTenant(rec.tenant->schema, rec.tenant->scope.role);
        if (!p.empty()) return "tenant " + rec.tenant->slug + ": " + p.front();
    }
    return {};
}

// --check-config: every check the daemon makes before it serves, without serving.
// Exit 0 when all pass, else 1 with the failing check on stderr.
int checkConfig(const config::Settings& s) {
    std::string where = s.configFile.empty() ? "command line (no config file)" : s.configFile;
    try {
        if (s.db.empty()) throw config::UsageError("no database: give --db or db = in " + where);
        fcgi::Listener::check(s.listen);
    } catch (const std::exception& e) {
        std::cerr << "tenantauthd: " << where << ": " << e.what() << "\n";
        return 1;
    }
    util::SecretBox box = [&] {
        try {
            return util::SecretBox::fromKeyFile(s.secretKeyFile);
        } catch (const std::exception& e) {
            std::cerr << "tenantauthd: secret-key-file: " << e.what()
                      << " (tenantauthctl migrate creates it; the daemon's user must own it)\n";
            throw;
        }
    }();
    std::string pending;
    try {
        pending = pendingMigrations(s, box);
    } catch (const std::exception& e) {
        std::cerr << "tenantauthd: database (db = in " << where << "): " << e.what() << "\n";
        return 1;
    }
    if (!pending.empty()) {
        std::cerr << "tenantauthd: migrations are pending (" << pending
                  << "); run: tenantauthctl migrate\n";
        return 1;
    }
    std::cout << "tenantauthd: " << where
              << ": configuration OK, database reachable, no pending migrations\n";
    return 0;
}
}  // namespace

int main(int argc, char** argv) {
    // Poco reference-counts OpenSSL set-up: when a short-lived DigestEngine drops the
    // count to zero, it tears OpenSSL's locks down under other threads (a crash under
    // load). One initializer held for the whole process keeps the count above zero.
    Poco::Crypto::OpenSSLInitializer openssl;
    config::Settings settings;
    // A flag of the daemon only, not a setting: it stays out of the settings table.
    std::vector<std::string> args(argv + 1, argv + argc);
    auto flag = std::find(args.begin(), args.end(), "--check-config");
    bool check = flag != args.end();
    if (check) args.erase(flag);
    try {
        std::vector<std::string> rest;
        bool help = false;
        settings =
            config::SettingsLoader::load(args, rest, help, "/etc/tenantauth/tenantauth.conf");
        if (help) {
            std::cout << kUsage << config::SettingsLoader::help();
            return 0;
        }
        if (!rest.empty()) throw config::UsageError("unexpected argument " + rest.front());
        config::SettingsLoader::validate(settings);
        if (!check && settings.db.empty())
            throw config::UsageError("no database: give --db or db = in the config file");
    } catch (const config::UsageError& e) {
        if (check) {
            std::cerr << "tenantauthd: " << e.what() << "\n";
            return 1;
        }
        std::cerr << "tenantauthd: " << e.what() << "\n" << kUsage;
        return 2;
    }
    util::Log::setLevel(settings.logLevel);
    if (check) {
        try {
            return checkConfig(settings);
        } catch (const std::exception&) {
            return 1;  // already reported
        }
    }
    try {
        util::SecretBox box = util::SecretBox::fromKeyFile(settings.secretKeyFile);
        std::string pending = pendingMigrations(settings, box);
        if (!pending.empty()) {
            std::cerr << "tenantauthd: migrations are pending (" << pending
                      << "); run: tenantauthctl migrate\n";
            return 1;
        }
        // The check read every tenant; glibc keeps the freed heap (23 MB at 10,000
        // tenants, measured with bench/directory-idle), and every forked worker would
        // carry it. The supervisor itself needs no tenant.
        malloc_trim(0);
        int fd = fcgi::Listener::open(settings.listen);
        // FastCGI has no authentication: whoever connects sets every parameter the web
        // server would, and this daemon trusts them (tenant pin, Host, REMOTE_ADDR).
        if (fcgi::Listener::isTcp(fd))
            util::Log::write(util::Log::Warn,
                             "listening on TCP" +
                                 (settings.listen.empty() ? std::string() : " " + settings.listen) +
                                 ": every local user can connect and send forged FastCGI "
                                 "parameters (TENANTAUTH_TENANT, HTTP_HOST, REMOTE_ADDR); use a "
                                 "unix socket unless this host runs nothing else");
        // Opened before the workers fork, like the main socket; validate() has made
        // sure it is a loopback HOST:PORT.
        int authorizerFd = settings.authorizerListen.empty()
                               ? -1
                               : fcgi::Listener::open(settings.authorizerListen);
        // Before fork: every worker process counts into the same shared block.
        metrics::Scoreboard::createShared();
        return fcgi::Supervisor::run(fd, authorizerFd, settings);
    } catch (const std::exception& e) {
        std::cerr << "tenantauthd: " << e.what() << "\n";
        return 1;
    }
}
