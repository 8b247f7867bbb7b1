#pragma once
#include <iosfwd>
#include <map>
#include <string>
#include <vector>

namespace ta::db {

// PostgreSQL's client programs (pg_dump, pg_restore) run against the database of a
// libpq connection string. The password never goes on their command line (where `ps`
// shows it): it is handed over in PGPASSWORD.
class PgTools {
public:
    explicit PgTools(const std::string& dsn);

    // `tool` from PATH, else from /usr/lib/postgresql/15/bin (Debian's
    // postgresql-client-15); Failure-worthy std::runtime_error when neither has it.
    static std::string find(const std::string& tool);
    // "15.18" from `bin --version`.
    static std::string version(const std::string& bin);
    // 15 for "15.18", 0 when unreadable.
    static int major(const std::string& version);

    // Runs `bin args...`, with `--dbname=<conninfo without password>` when `connect`: `in`
    // (when given) is copied to its stdin, its stdout to `out` (when given); stderr stays
    // the caller's. Returns the exit status (non-zero also when it died of a signal).
    int run(const std::string& bin, std::vector<std::string> args, std::istream* in,
            std::ostream* out, bool connect = true) const;

private:
    std::string conninfo_;
    std::map<std::string, std::string> env_;
};

}  // namespace ta::db
