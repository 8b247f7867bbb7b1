#include "credential/HashPool.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>

#include "domain/Refusal.h"
#include "metrics/Scoreboard.h"

namespace ta::credential {

HashPool::HashPool(int threads, int maxInFlight)
    : maxInFlight_(static_cast<std::size_t>(maxInFlight)) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { loop(); });
}

HashPool::~HashPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
}

bool HashPool::admits(const std::string& owner, std::size_t mine) const {
    if (inFlight_ >= maxInFlight_) return false;
    // Alone in the pool, an owner may fill it; with another owner in it or waiting for
    // a place, it keeps to its share.
    bool others = inFlight_ > mine || (waitingOwner_ && *waitingOwner_ != owner);
    return mine < shareCap() || !others;
}

void HashPool::enqueue(const std::string& owner, std::function<void()> job) {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        auto heldBy = [&] {
            auto it = byOwner_.find(owner);
            return it == byOwner_.end() ? std::size_t{0} : it->second;
        };
        std::size_t mine = heldBy();
        if (!admits(owner, mine) && mine < shareCap() && !waitingOwner_) {
            // Under its share while others fill the pool: wait for a place (one waiter
            // at a time, so waiting never takes more than one request thread), and
            // hold the others to their shares meanwhile.
            waitingOwner_ = owner;
            placeFreed_.wait_for(lock, std::chrono::milliseconds(kWaitMillis),
                                 [&] { return admits(owner, heldBy()); });
            waitingOwner_.reset();
            mine = heldBy();
        }
        if (!admits(owner, mine)) {
            // The message is for the log (the client sees 503 Service unavailable).
            const char* why = inFlight_ < maxInFlight_
                                  ? "the tenant's share of the bcrypt pool is full"
                                  : "the bcrypt pool is full";
            metrics::Scoreboard::add(metrics::Scoreboard::block().hashRejected);
            throw domain::Refusal(domain::Reason::Busy, why, 1);
        }
        ++inFlight_;
        ++byOwner_[owner];
        metrics::Scoreboard::add(metrics::Scoreboard::block().hashJobs);
        metrics::Scoreboard::move(metrics::Scoreboard::slot().hashQueued, 1);
        queue_.push_back(std::move(job));
    }
    cv_.notify_one();
}

void HashPool::finished(const std::string& owner) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        --inFlight_;
        auto it = byOwner_.find(owner);
        if (it != byOwner_.end() && --it->second == 0) byOwner_.erase(it);
        metrics::Scoreboard::move(metrics::Scoreboard::slot().hashQueued, -1);
    }
    placeFreed_.notify_all();
}

void HashPool::loop() {
    // bcrypt is the only CPU-bound work here; a mild nice lets token checks ahead
    // during a login storm without starving logins when other programs load the box.
    // Measured (make bench (f), and a login beside two busy loops on 2 cores):
    // nice 0: ~5.0k token checks/s, login 0.3 s; nice 5: ~5.9k/s, 0.8 s; nice 10:
    // 6.1k/s, 1.9 s; SCHED_IDLE: 7.7k/s but 63 s.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 5);
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock<std::mutex> lock(mutex_);
            cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;
            job = std::move(queue_.front());
            queue_.pop_front();
        }
        job();
    }
}

}  // namespace ta::credential
