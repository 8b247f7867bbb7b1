#include "db/Pool.h"

#include <chrono>
#include <functional>

#include "db/DbError.h"
#include "metrics/Scoreboard.h"

namespace ta::db {

namespace {
// How long a tenant's request waits for its own slot before taking any free
// connection. Measured with bench/tenancy (1,000 tenants, 2 cores): a statement on a
// connection that has not seen the tenant costs about as much as the rest of the
// request, so a short wait for the warm one pays.
constexpr auto kAffinityWait = std::chrono::milliseconds(2);
}  // namespace

Pool::Pool(std::string dsn, int size, int statementTimeoutMs, bool prepared, int acquireTimeoutMs)
    : dsn_(std::move(dsn)),
      size_(size),
      statementTimeoutMs_(statementTimeoutMs),
      prepared_(prepared),
      acquireTimeoutMs_(acquireTimeoutMs),
      idle_(static_cast<std::size_t>(size)),
      opened_(static_cast<std::size_t>(size), false) {}

int Pool::idleServing(const Scope& tenant) const {
    for (int i = 0; i < size_; ++i)
        if (idle_[i] && idle_[i]->hasServed(tenant)) return i;
    return -1;
}

int Pool::anyIdle() const {
    for (int i = 0; i < size_; ++i)
        if (idle_[i] || !opened_[i]) return i;
    return -1;
}

Pool::Lease Pool::take(std::unique_lock<std::mutex>& lock, int slot) {
    std::unique_ptr<Connection> c = std::move(idle_[slot]);
    if (!c) {
        opened_[slot] = true;
        metrics::Scoreboard::move(metrics::Scoreboard::slot().poolOpen, 1);
        lock.unlock();
        c = std::make_unique<Connection>(dsn_, statementTimeoutMs_, prepared_);
    } else {
        lock.unlock();
    }
    metrics::Scoreboard::move(metrics::Scoreboard::slot().poolInUse, 1);
    c->markLeased();
    return Lease(*this, std::move(c), slot);
}

Pool::Lease Pool::acquire(const Scope* tenant) {
    std::unique_lock<std::mutex> lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (tenant) {
        if (int i = idleServing(*tenant); i >= 0) return take(lock, i);
        int own = static_cast<int>(std::hash<std::string>{}(tenant->searchPath) %
                                   static_cast<std::size_t>(size_));
        if (idle_[own] || !opened_[own]) return take(lock, own);
        // Its own slot is busy: wait a little for it (or for one that served the tenant).
        auto until = now + kAffinityWait;
        while (available_.wait_until(lock, until) != std::cv_status::timeout) {
            if (idle_[own]) return take(lock, own);
            if (int i = idleServing(*tenant); i >= 0) return take(lock, i);
        }
    }
    if (int i = anyIdle(); i >= 0) return take(lock, i);
    metrics::Scoreboard::add(metrics::Scoreboard::block().poolWaits);
    auto deadline = now + std::chrono::milliseconds(acquireTimeoutMs_);
    for (;;) {
        bool timedOut = available_.wait_until(lock, deadline) == std::cv_status::timeout;
        if (int i = anyIdle(); i >= 0) return take(lock, i);
        if (timedOut) {
            metrics::Scoreboard::add(metrics::Scoreboard::block().poolTimeouts);
            throw Unavailable("no database connection free");
        }
    }
}

void Pool::release(std::unique_ptr<Connection> c, int slot) {
    metrics::Scoreboard::move(metrics::Scoreboard::slot().poolInUse, -1);
    // A worn connection is closed here, outside the lock; the next acquire of its slot
    // opens a fresh one.
    bool worn = c->worn();
    if (worn) {
        metrics::Scoreboard::move(metrics::Scoreboard::slot().poolOpen, -1);
        c.reset();
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (worn)
            opened_[slot] = false;
        else
            idle_[slot] = std::move(c);
    }
    // Waiters differ in the slot they want: wake them all (a handful of threads).
    available_.notify_all();
}

}  // namespace ta::db
