// tenantauthctl: the sysadmin's command line.
#include <Poco/Crypto/OpenSSLInitializer.h>

#include <iostream>

#include "cli/Ctl.h"
#include "db/DbError.h"

using namespace ta;

namespace ta::cli {
void registerTenantCommands(std::vector<Command>& out);
void registerUserCommands(std::vector<Command>& out);
void registerPlanCommands(std::vector<Command>& out);
void registerMoveCommands(std::vector<Command>& out);

const std::vector<Command>& commands() {
    static const std::vector<Command> all = [] {
        std::vector<Command> c;
        registerUserCommands(c);
        registerTenantCommands(c);
        registerPlanCommands(c);
        registerMoveCommands(c);
        return c;
    }();
    return all;
}
}  // namespace ta::cli

namespace {
void usage(std::ostream& out, const std::string& prefix) {
    out << "usage: tenantauthctl [--config FILE] [--db DSN] COMMAND\n\ncommands:\n";
    for (const auto& c : cli::commands())
        if (std::string(c.synopsis).rfind(prefix, 0) == 0)
            out << "  tenantauthctl " << c.synopsis << "\n";
    out << "\nexit status: 0 success, 1 failure, 2 usage error\n";
}

// The longest command whose words start `rest`.
const cli::Command* find(const std::vector<std::string>& rest) {
    const cli::Command* best = nullptr;
    for (const auto& c : cli::commands()) {
        if (c.words.size() > rest.size()) continue;
        bool match = true;
        for (size_t i = 0; i < c.words.size(); ++i) match = match && c.words[i] == rest[i];
        if (match && (!best || c.words.size() > best->words.size())) best = &c;
    }
    return best;
}
}  // namespace

int main(int argc, char** argv) {
    // Poco reference-counts OpenSSL set-up: when a short-lived DigestEngine drops the
    // count to zero, it tears OpenSSL's locks down under other threads (a crash under
    // load). One initializer held for the whole process keeps the count above zero.
    Poco::Crypto::OpenSSLInitializer openssl;
    std::vector<std::string> rest;
    bool help = false;
    config::Settings settings;
    try {
        settings = config::SettingsLoader::load(std::vector<std::string>(argv + 1, argv + argc),
                                                rest, help, "/etc/tenantauth/tenantauth.conf");
    } catch (const config::UsageError& e) {
        std::cerr << "tenantauthctl: " << e.what() << "\n";
        return 2;
    }
    const cli::Command* cmd = find(rest);
    if (help) {
        std::string prefix;
        for (const auto& w : rest) prefix += (prefix.empty() ? "" : " ") + w;
        usage(std::cout, cmd ? std::string(cmd->synopsis).substr(0, prefix.size()) : prefix);
        return 0;
    }
    if (!cmd) {
        std::cerr << "tenantauthctl: "
                  << (rest.empty() ? "no command" : "unknown command '" + rest[0] + "'") << "\n";
        usage(std::cerr, "");
        return 2;
    }
    cli::Ctl ctl(settings, std::vector<std::string>(
                               rest.begin() + static_cast<long>(cmd->words.size()), rest.end()));
    try {
        return cmd->run(ctl);
    } catch (const config::UsageError& e) {
        std::cerr << "tenantauthctl: " << e.what() << "\nusage: tenantauthctl " << cmd->synopsis
                  << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::string m = e.what();
        if (auto nl = m.find('\n'); nl != std::string::npos) m = m.substr(0, nl);
        std::cerr << "tenantauthctl: " << m << "\n";
        return 1;
    }
}
