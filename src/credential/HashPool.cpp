#include "credential/HashPool.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>

#include "domain/Refusal.h"
#include "metrics/Scoreboard.h"

namespace ta::credential {

HashPool::HashPool(int threads, int maxInFlight, int waitMillis)
    : maxInFlight_(static_cast<std::size_t>(maxInFlight)), waitMillis_(waitMillis) {
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

std::size_t HashPool::waiting() {
    std::lock_guard<std::mutex> lock(mutex_);
    return waitingTotal_;
}

bool HashPool::admits(const std::string& owner, std::size_t mine) const {
    if (inFlight_ >= maxInFlight_) return false;
    // Alone in the pool, an owner may fill it; with another owner in it or waiting for
    // a place, it keeps to its share.
    bool othersWaiting = waitingByOwner_.size() > waitingByOwner_.count(owner);
    bool others = inFlight_ > mine || othersWaiting;
    return mine < shareCap() || !others;
}

bool HashPool::mayWait(std::size_t mine, bool& beyondPlaces) const {
    beyondPlaces = false;
    // Logins alone (a burst of sign-ups): waiting may take every request thread, since
    // nothing else needs one; the requests beyond the threads wait in the connection
    // gate, holding none.
    if (!tokenChecks_.within(kTokenCheckWindowMillis)) return true;
    // Token checks are being served: waiting logins keep within the threads the places
    // may hold (all but two), so the rest stay free for the checks.
    if (inFlight_ + waitingTotal_ < maxInFlight_) return true;
    // Except one waiter at a time for a tenant under its share, as before hash-wait-ms
    // came in: in a flood at one tenant another tenant's login still gets a place.
    if (mine < shareCap() && !fairnessWaiter_) {
        beyondPlaces = true;
        return true;
    }
    return false;
}

void HashPool::enqueue(const std::string& owner, std::function<void()> job) {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        auto heldBy = [&] {
            auto it = byOwner_.find(owner);
            return it == byOwner_.end() ? std::size_t{0} : it->second;
        };
        int waitMs = 0;
        bool kept = false;  // not waiting: the threads are kept for token checks
        if (!admits(owner, heldBy())) {
            // A burst (20 sign-ups at once) would otherwise be partly refused although
            // its jobs take a fraction of a second each: wait for a place, bounded.
            waitMs = waitMillis_.load(std::memory_order_relaxed);
            bool beyond = false;
            if (waitMs > 0 && !mayWait(heldBy(), beyond)) {
                kept = true;
                waitMs = 0;
            }
            if (waitMs > 0) {
                metrics::Scoreboard::add(metrics::Scoreboard::block().hashWaits);
                ++waitingByOwner_[owner];
                ++waitingTotal_;
                if (beyond) fairnessWaiter_ = true;
                placeFreed_.wait_for(lock, std::chrono::milliseconds(waitMs),
                                     [&] { return admits(owner, heldBy()); });
                if (beyond) fairnessWaiter_ = false;
                --waitingTotal_;
                auto it = waitingByOwner_.find(owner);
                if (--it->second == 0) {
                    waitingByOwner_.erase(it);
                    // Others may have been held to their shares because of this waiter.
                    placeFreed_.notify_all();
                }
            }
        }
        std::size_t mine = heldBy();
        if (!admits(owner, mine)) {
            // For the log (the client sees 503 Service unavailable, Retry-After 1).
            std::string why = inFlight_ < maxInFlight_
                                  ? "the tenant's share of the bcrypt pool is full: "
                                  : "the bcrypt pool is full: ";
            why += std::to_string(inFlight_) + " of " + std::to_string(maxInFlight_) +
                   " places taken, " + std::to_string(mine) + " by this tenant; ";
            why += kept ? "not waiting for one: token checks are being served, and the request "
                          "threads beyond the places are kept for them"
                        : "no place within " + std::to_string(waitMs) + " ms (hash-wait-ms)";
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
