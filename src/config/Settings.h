#pragma once
#include <string>
#include <vector>

namespace ta::config {

// Process settings of tenantauthd and tenantauthctl. Every key is declared once in
// the table in Settings.cpp, which drives the command line, the INI file, defaults,
// --help and what SIGHUP may change.
struct Settings {
    std::string configFile;
    std::vector<std::string> commandLine;  // kept so a reload applies it over the file again
    std::string db;
    std::string listen;
    std::string authorizerListen;  // "" = no Authorizer-only TCP listener
    std::string environment = "production";
    std::string logLevel = "info";
    std::string secretKeyFile = "/etc/tenantauth/secret.key";
    int processes = 2;
    int workers = 8;
    int dbPoolSize = 8;
    int statementTimeoutMs = 5000;
    int requestTimeoutMs = 5000;
    int hashThreads = 1;
    int hashWaitMs = 2000;
    int auditRetentionDays = 90;
    std::string rateLimits = "on";
    int mailRetrySeconds = 60;
    std::string metricsAllow;
    std::string dbPreparedStatements = "on";
    bool preparedStatements() const { return dbPreparedStatements == "on"; }

    bool development() const { return environment == "development"; }
};

class UsageError : public std::exception {
public:
    explicit UsageError(std::string m) : message_(std::move(m)) {}
    const char* what() const noexcept override { return message_.c_str(); }

private:
    std::string message_;
};

struct SettingsLoader {
    // Command line over config file over defaults. Leaves positional arguments (the
    // tenantauthctl command) in `rest`. Throws UsageError.
    static Settings load(const std::vector<std::string>& args, std::vector<std::string>& rest,
                         bool& help, const char* defaultConfig);
    // Recomputes the settings as at start (defaults, file, command line) and takes the
    // keys marked reloadable; the others keep their values, a changed one is reported
    // in `ignored`.
    static void reload(Settings& current, std::vector<std::string>& ignored);
    static std::string help();
    static void validate(const Settings& s);  // throws UsageError
};

}  // namespace ta::config
