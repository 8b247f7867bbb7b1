#include "credential/HashPool.h"

#include "http/ApiError.h"

namespace ta::credential {

HashPool::HashPool(int threads, int maxQueued) : maxQueued_(static_cast<std::size_t>(maxQueued)) {
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
        if (queue_.size() >= maxQueued_)
            throw http::ApiError(http::ErrorCode::ServiceUnavailable, "Service unavailable", 1);
        queue_.push_back(std::move(job));
    }
    cv_.notify_one();
}

void HashPool::loop() {
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
