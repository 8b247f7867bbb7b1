#pragma once
#include <Poco/Data/PostgreSQL/SessionHandle.h>

#include <chrono>
#include <initializer_list>
#include <list>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "db/Param.h"
#include "db/Query.h"
#include "db/Result.h"

namespace ta::db {

// One PostgreSQL connection (Poco's SessionHandle) with the statements it has
// prepared. Used by one thread at a time, through Pool::Lease.
class Connection {
public:
    // prepared: name and keep statements on the server (one parse per connection);
    // else send each as an unnamed statement (parsed every time), which is what a
    // transaction-pooling pgbouncer before 1.21 can carry.
    Connection(std::string dsn, int statementTimeoutMs, bool prepared = true);
    ~Connection();

    // Prepares `st` on first use on this connection, then executes it: one round trip.
    // A tenant statement (b.scope set) runs as the tenant's role with its schema as
    // search_path; when the transaction is not already in that scope, the SET LOCALs
    // go in the same round trip (a libpq pipeline: one implicit transaction outside
    // BEGIN).
    Result exec(const Bound& b, std::initializer_list<Param> params);
    Result exec(const Statement& st, std::initializer_list<Param> params) {
        return exec(Bound{st, nullptr}, params);
    }
    // Unprepared text, for transaction control and migrations.
    Result run(const std::string& sql);

    void begin();
    void commit();
    void rollback() noexcept;

    bool broken() const { return broken_; }
    void reconnect();
    void markLeased() { fresh_ = true; }
    // Served enough tenants or lived long enough that the pool should close it: a
    // server process caches the catalog entries of every schema it touched and never
    // lets them go, so its memory grows with the tenants it has served.
    bool worn() const;
    // Whether a statement for `tenant` ran here since the connection opened.
    bool hasServed(const Scope& tenant) const { return rolesServed_.count(tenant.searchPath) > 0; }

private:
    Result execOnce(const Bound& b, std::initializer_list<Param> params);
    Result execScoped(const Bound& b, const Scope& scope, std::initializer_list<Param> params);
    int send(const Statement& st, int n, const char* const* values, bool& ok);
    [[noreturn]] void fail(pg_result* r, const char* what);
    void touch(const std::string& name);

    std::string dsn_;
    int statementTimeoutMs_;
    bool prepare_;
    Poco::Data::PostgreSQL::SessionHandle handle_;
    std::unordered_set<std::string> prepared_;
    bool broken_ = true;
    bool fresh_ = false;
    bool inTransaction_ = false;
    Scope txScope_;  // set LOCAL in the open transaction; role "" = none set
    std::unordered_set<std::string> rolesServed_;
    std::list<std::string> lru_;  // tenant statement names, most recently used first
    std::unordered_map<std::string, std::list<std::string>::iterator> lruIndex_;
    std::chrono::steady_clock::time_point connectedAt_;
};

// Rolls back unless committed, so an exception never leaves a transaction open on a
// pooled connection.
class Transaction {
public:
    explicit Transaction(Connection& c) : c_(c) { c_.begin(); }
    ~Transaction() {
        if (!done_) c_.rollback();
    }
    void commit() {
        c_.commit();
        done_ = true;
    }

private:
    Connection& c_;
    bool done_ = false;
};

}  // namespace ta::db
