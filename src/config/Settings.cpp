#include "config/Settings.h"

#include <boost/program_options.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "metrics/AllowList.h"

namespace po = boost::program_options;

namespace ta::config {

namespace {

struct Key {
    const char* name;
    const char* description;
    bool reloadable;
    std::string Settings::*text;
    int Settings::*number;
};

const Key kKeys[] = {
    {"db", "PostgreSQL connection string (libpq conninfo or URI)", false, &Settings::db, nullptr},
    {"listen", "unix:PATH or HOST:PORT on loopback; default: the socket on fd 0", false,
     &Settings::listen, nullptr},
    {"authorizer-listen",
     "HOST:PORT on loopback for Apache's mod_authnz_fcgi: answers the FastCGI Authorizer role "
     "only; empty: off",
     false, &Settings::authorizerListen, nullptr},
    {"environment", "production or development (development drops Secure from cookies)", true,
     &Settings::environment, nullptr},
    {"log-level", "error, warn, info or debug", true, &Settings::logLevel, nullptr},
    {"secret-key-file", "32-byte key that encrypts signing keys and TOTP secrets", false,
     &Settings::secretKeyFile, nullptr},
    {"processes", "worker processes", false, nullptr, &Settings::processes},
    {"workers", "request threads per worker process", false, nullptr, &Settings::workers},
    {"db-pool-size", "PostgreSQL connections per worker process", false, nullptr,
     &Settings::dbPoolSize},
    {"statement-timeout-ms", "PostgreSQL statement timeout", false, nullptr,
     &Settings::statementTimeoutMs},
    {"request-timeout-ms",
     "time a client (the web server) has to deliver a request's params and body, and to take "
     "the answer; past it the connection is dropped and logged",
     false, nullptr, &Settings::requestTimeoutMs},
    {"db-prepared-statements",
     "on: named prepared statements, kept per connection; off: unnamed ones, parsed on "
     "each use (for pgbouncer before 1.21 in transaction pooling mode)",
     false, &Settings::dbPreparedStatements, nullptr},
    {"hash-threads", "bcrypt threads per worker process", false, nullptr, &Settings::hashThreads},
    {"hash-wait-ms",
     "milliseconds a login or sign-up waits for a place in the bcrypt pool before it is "
     "refused (503), while no token checks are being served (else refused at once); 0: "
     "refused at once",
     true, nullptr, &Settings::hashWaitMs},
    {"rate-limits",
     "on or off: enforce the plans' requestsPerMinute (off is for measuring its cost)", true,
     &Settings::rateLimits, nullptr},
    {"metrics-allow",
     "addresses and CIDR blocks, besides loopback, that may read /api/metrics "
     "(\"10.0.0.5, 192.0.2.0/24\"); empty: loopback only",
     true, &Settings::metricsAllow, nullptr},
    {"audit-retention-days", "days audit events are kept before they are pruned", true, nullptr,
     &Settings::auditRetentionDays},
    {"mail-retry-seconds",
     "seconds before a failed mail is tried again, doubling up to an hour; given up after two "
     "days",
     true, nullptr, &Settings::mailRetrySeconds},
};

po::options_description describe(const Settings& defaults) {
    po::options_description d("Options");
    for (const Key& k : kKeys) {
        if (k.text)
            d.add_options()(k.name, po::value<std::string>()->default_value(defaults.*k.text),
                            k.description);
        else
            d.add_options()(k.name, po::value<int>()->default_value(defaults.*k.number),
                            k.description);
    }
    return d;
}

void applyValues(const po::variables_map& vm, Settings& s) {
    for (const Key& k : kKeys) {
        if (!vm.count(k.name)) continue;
        if (k.text)
            s.*k.text = vm[k.name].as<std::string>();
        else
            s.*k.number = vm[k.name].as<int>();
    }
}

// boost::program_options 1.74 fills the option and value into what()'s message with a
// loop that never ends when one of them contains its own placeholder: "workers =
// %value%" made tenantauthd --check-config and a SIGHUP reload spin forever (found by
// fuzz/config). Their '%' are written %25 before what() runs.
struct PlaceholderSafe : po::error_with_option_name {
    static std::string message(po::error& e) {
        auto* named = dynamic_cast<po::error_with_option_name*>(&e);
        if (named) {
            auto substitutions = named->*(&PlaceholderSafe::m_substitutions);
            for (const auto& [key, text] : substitutions) {
                std::string safe;
                for (char c : text) safe += c == '%' ? std::string("%25") : std::string(1, c);
                named->set_substitute(key, safe);
            }
        }
        return e.what();
    }
};

void readFile(const std::string& path, const po::options_description& d, po::variables_map& vm) {
    std::ifstream in(path);
    if (!in) throw UsageError("cannot read config file " + path);
    try {
        po::store(po::parse_config_file(in, d, false), vm);
    } catch (po::error& e) {
        throw UsageError(path + ": " + PlaceholderSafe::message(e));
    }
}

}  // namespace

Settings SettingsLoader::load(const std::vector<std::string>& args, std::vector<std::string>& rest,
                              bool& help, const char* defaultConfig) {
    Settings defaults;
    po::options_description d = describe(defaults);
    d.add_options()("config", po::value<std::string>(), "INI config file")("help,h", "this help");
    po::variables_map cli;
    try {
        auto parsed = po::command_line_parser(args).options(d).allow_unregistered().run();
        rest = po::collect_unrecognized(parsed.options, po::include_positional);
        po::store(parsed, cli);
    } catch (po::error& e) {
        throw UsageError(PlaceholderSafe::message(e));
    }
    help = cli.count("help") > 0;
    Settings s;
    s.commandLine = args;
    s.configFile = cli.count("config") ? cli["config"].as<std::string>() : "";
    if (s.configFile.empty() && defaultConfig && std::ifstream(defaultConfig).good())
        s.configFile = defaultConfig;
    if (!s.configFile.empty()) {
        po::variables_map file;
        readFile(s.configFile, d, file);
        applyValues(file, s);
    }
    po::variables_map given;  // only what the command line really said
    for (const auto& [name, value] : cli)
        if (!value.defaulted()) given.insert({name, value});
    applyValues(given, s);
    return s;
}

void SettingsLoader::reload(Settings& current, std::vector<std::string>& ignored) {
    std::vector<std::string> rest;
    bool help = false;
    Settings fresh = load(current.commandLine, rest, help,
                          current.configFile.empty() ? nullptr : current.configFile.c_str());
    validate(fresh);
    for (const Key& k : kKeys) {
        bool differs =
            k.text ? fresh.*k.text != current.*k.text : fresh.*k.number != current.*k.number;
        if (!differs) continue;
        if (!k.reloadable) {
            ignored.push_back(k.name);
        } else if (k.text) {
            current.*k.text = fresh.*k.text;
        } else {
            current.*k.number = fresh.*k.number;
        }
    }
}

std::string SettingsLoader::help() {
    std::ostringstream out;
    out << describe(Settings());
    return out.str();
}

void SettingsLoader::validate(const Settings& s) {
    if (s.environment != "production" && s.environment != "development")
        throw UsageError("environment must be production or development");
    if (s.logLevel != "error" && s.logLevel != "warn" && s.logLevel != "info" &&
        s.logLevel != "debug")
        throw UsageError("log-level must be error, warn, info or debug");
    if (s.processes < 1 || s.processes > 64) throw UsageError("processes must be 1 to 64");
    if (s.workers < 1 || s.workers > 256) throw UsageError("workers must be 1 to 256");
    if (s.dbPoolSize < 1 || s.dbPoolSize > 256) throw UsageError("db-pool-size must be 1 to 256");
    if (s.hashThreads < 1 || s.hashThreads > 64) throw UsageError("hash-threads must be 1 to 64");
    if (s.hashWaitMs < 0 || s.hashWaitMs > 60000)
        throw UsageError("hash-wait-ms must be 0 to 60000");
    if (s.dbPreparedStatements != "on" && s.dbPreparedStatements != "off")
        throw UsageError("db-prepared-statements must be on or off");
    if (s.rateLimits != "on" && s.rateLimits != "off")
        throw UsageError("rate-limits must be on or off");
    if (s.auditRetentionDays < 1 || s.auditRetentionDays > 36500)
        throw UsageError("audit-retention-days must be 1 to 36500");
    if (s.mailRetrySeconds < 1 || s.mailRetrySeconds > 3600)
        throw UsageError("mail-retry-seconds must be 1 to 3600");
    try {
        metrics::AllowList::parse(s.metricsAllow);
    } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
    }
    if (!s.authorizerListen.empty()) {
        // A TCP port any local user can reach: loopback only, and never the same as the
        // account API's listener.
        const std::string& a = s.authorizerListen;
        size_t colon = a.rfind(':');
        std::string host = colon == std::string::npos ? "" : a.substr(0, colon);
        std::string port = colon == std::string::npos ? "" : a.substr(colon + 1);
        bool loopback = host == "localhost" || host == "[::1]" || host.rfind("127.", 0) == 0;
        if (a.rfind("unix:", 0) == 0 || !loopback || port.empty() ||
            port.find_first_not_of("0123456789") != std::string::npos)
            throw UsageError("authorizer-listen must be HOST:PORT on loopback (127.0.0.1:PORT)");
        if (a == s.listen) throw UsageError("authorizer-listen must differ from listen");
    }
    if (s.statementTimeoutMs < 100) throw UsageError("statement-timeout-ms must be at least 100");
    if (s.requestTimeoutMs < 100 || s.requestTimeoutMs > 600000)
        throw UsageError("request-timeout-ms must be 100 to 600000");
}

}  // namespace ta::config
