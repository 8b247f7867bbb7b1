#pragma once
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "db/Connection.h"

namespace ta::db {

// A bounded set of connections shared by one worker process's threads. Connections
// open lazily and after fork (never inherited); a thread that finds none free waits
// a bounded time, then the request is answered 503.
//
// Tenant affinity: a PostgreSQL server process caches the catalog entries of every
// schema it touches (some 40 KB per tenant, never released), and a statement for a
// schema it has not seen yet costs those lookups. acquire(scope) therefore prefers an
// idle connection that already served the tenant, else waits briefly for the tenant's
// own slot (a hash of its schema), so each connection serves about its share of the
// tenants instead of all of them (bench/tenancy, README "Many tenants").
class Pool {
public:
    Pool(std::string dsn, int size, int statementTimeoutMs, bool prepared = true,
         int acquireTimeoutMs = 3000);

    class Lease {
    public:
        Lease(Pool& pool, std::unique_ptr<Connection> c, int slot)
            : pool_(&pool), c_(std::move(c)), slot_(slot) {}
        Lease(Lease&& o) noexcept = default;
        ~Lease() {
            if (c_) pool_->release(std::move(c_), slot_);
        }
        Connection& operator*() { return *c_; }
        Connection* operator->() { return c_.get(); }

    private:
        Pool* pool_;
        std::unique_ptr<Connection> c_;
        int slot_;
    };

    Lease acquire() { return acquire(nullptr); }
    Lease acquire(const Scope& tenant) { return acquire(&tenant); }

private:
    Lease acquire(const Scope* tenant);
    Lease take(std::unique_lock<std::mutex>& lock, int slot);
    int idleServing(const Scope& tenant) const;
    int anyIdle() const;
    void release(std::unique_ptr<Connection> c, int slot);

    std::string dsn_;
    int size_;
    int statementTimeoutMs_;
    bool prepared_;
    int acquireTimeoutMs_;
    std::mutex mutex_;
    std::condition_variable available_;
    // One entry per slot: the connection when idle, nullptr while leased or not opened
    // yet (`opened_` tells which).
    std::vector<std::unique_ptr<Connection>> idle_;
    std::vector<bool> opened_;
};

}  // namespace ta::db
