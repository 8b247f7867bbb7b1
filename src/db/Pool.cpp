#include "db/Pool.h"

#include <chrono>

#include "db/DbError.h"
#include "metrics/Scoreboard.h"

namespace ta::db {

Pool::Pool(std::string dsn, int size, int statementTimeoutMs, bool prepared, int acquireTimeoutMs)
    : dsn_(std::move(dsn)),
      size_(size),
      statementTimeoutMs_(statementTimeoutMs),
      prepared_(prepared),
      acquireTimeoutMs_(acquireTimeoutMs) {}

Pool::Lease Pool::acquire() {
    std::unique_ptr<Connection> c;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(acquireTimeoutMs_);
        if (idle_.empty() && created_ >= size_)
            metrics::Scoreboard::add(metrics::Scoreboard::block().poolWaits);
        while (idle_.empty() && created_ >= size_) {
            if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
                created_ >= size_) {
                metrics::Scoreboard::add(metrics::Scoreboard::block().poolTimeouts);
                throw Unavailable("no database connection free");
            }
        }
        if (!idle_.empty()) {
            c = std::move(idle_.back());
            idle_.pop_back();
        } else {
            ++created_;
            metrics::Scoreboard::move(metrics::Scoreboard::slot().poolOpen, 1);
            c = std::make_unique<Connection>(dsn_, statementTimeoutMs_, prepared_);
        }
    }
    metrics::Scoreboard::move(metrics::Scoreboard::slot().poolInUse, 1);
    c->markLeased();
    return Lease(*this, std::move(c));
}

void Pool::release(std::unique_ptr<Connection> c) {
    metrics::Scoreboard::move(metrics::Scoreboard::slot().poolInUse, -1);
    // A worn connection is closed here, outside the lock; the next acquire opens a
    // fresh one in its place.
    bool worn = c->worn();
    if (worn) {
        metrics::Scoreboard::move(metrics::Scoreboard::slot().poolOpen, -1);
        c.reset();
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (worn)
            --created_;
        else
            idle_.push_back(std::move(c));
    }
    available_.notify_one();
}

}  // namespace ta::db
