#include "credential/HashPool.h"

#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "http/ApiError.h"

namespace ta::credential {

HashPool::HashPool(int threads, int maxInFlight) : maxInFlight_(static_cast<std::size_t>(maxInFlight)) {
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
        if (inFlight_ >= maxInFlight_)
            throw http::ApiError(http::ErrorCode::ServiceUnavailable, "Service unavailable", 1);
        ++inFlight_;
        queue_.push_back(std::move(job));
    }
    cv_.notify_one();
}

void HashPool::finished() {
    std::lock_guard<std::mutex> lock(mutex_);
    --inFlight_;
}

void HashPool::loop() {
    // bcrypt is the only CPU-bound work here. SCHED_IDLE runs it only on CPU time
    // nothing else wants, so token checks, the web server and PostgreSQL never wait
    // behind it (measured by make bench (f): p99 134 ms with SCHED_BATCH, 44 ms here).
    sched_param none{};
    sched_setscheduler(0, SCHED_IDLE, &none);
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 19);
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
