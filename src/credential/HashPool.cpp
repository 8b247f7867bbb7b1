#include "credential/HashPool.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

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

void HashPool::enqueue(std::function<void()> job) {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (inFlight_ >= maxInFlight_) {
            metrics::Scoreboard::add(metrics::Scoreboard::block().hashRejected);
            throw domain::Refusal(domain::Reason::Busy, "Service unavailable", 1);
        }
        ++inFlight_;
        metrics::Scoreboard::add(metrics::Scoreboard::block().hashJobs);
        metrics::Scoreboard::move(metrics::Scoreboard::slot().hashQueued, 1);
        queue_.push_back(std::move(job));
    }
    cv_.notify_one();
}

void HashPool::finished() {
    std::lock_guard<std::mutex> lock(mutex_);
    --inFlight_;
    metrics::Scoreboard::move(metrics::Scoreboard::slot().hashQueued, -1);
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
