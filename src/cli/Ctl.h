#pragma once
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/Settings.h"
#include "db/Connection.h"
#include "db/Pool.h"
#include "tenant/Tenant.h"
#include "util/SecretBox.h"

namespace ta::cli {

// A failure to report in one line on stderr, exit 1.
struct Failure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// What every command gets: the settings, its own arguments and, on first use, a
// database connection and the secret box.
class Ctl {
public:
    Ctl(config::Settings s, std::vector<std::string> args)
        : settings(std::move(s)), args(std::move(args)) {}
    db::Connection& db();
    const util::SecretBox& box();
    // A one-connection pool, for the domain services that take one.
    db::Pool& pool();
    // The tenant `slug` with its statements, ready for the domain services; Failure
    // when the slug is invalid or unknown.
    std::shared_ptr<const tenant::Tenant> tenant(const std::string& slug);

    config::Settings settings;
    std::vector<std::string> args;  // after the command words

private:
    std::unique_ptr<db::Connection> db_;
    std::unique_ptr<util::SecretBox> box_;
    std::unique_ptr<db::Pool> pool_;
};

struct Command {
    std::vector<std::string> words;  // e.g. {"tenant", "host", "add"}
    const char* synopsis;
    int (*run)(Ctl&);
};

const std::vector<Command>& commands();

}  // namespace ta::cli
