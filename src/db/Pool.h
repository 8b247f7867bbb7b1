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
class Pool {
public:
    Pool(std::string dsn, int size, int statementTimeoutMs, bool prepared = true,
         int acquireTimeoutMs = 3000);

    class Lease {
    public:
        Lease(Pool& pool, std::unique_ptr<Connection> c) : pool_(&pool), c_(std::move(c)) {}
        Lease(Lease&& o) noexcept = default;
        ~Lease() {
            if (c_) pool_->release(std::move(c_));
        }
        Connection& operator*() { return *c_; }
        Connection* operator->() { return c_.get(); }

    private:
        Pool* pool_;
        std::unique_ptr<Connection> c_;
    };

    Lease acquire();

private:
    void release(std::unique_ptr<Connection> c);

    std::string dsn_;
    int size_;
    int statementTimeoutMs_;
    bool prepared_;
    int acquireTimeoutMs_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<std::unique_ptr<Connection>> idle_;
    int created_ = 0;
};

}  // namespace ta::db
