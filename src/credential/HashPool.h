#pragma once
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

namespace ta::credential {

// bcrypt runs here, on a few threads with a short queue, never on the request
// threads' own time: when logins pile up they are turned away (503) instead of
// taking every request thread and starving token checks.
class HashPool {
public:
    // At most `maxInFlight` jobs wait or run at once: the request threads a login
    // may hold, so the rest stay free for token checks.
    HashPool(int threads, int maxInFlight);
    ~HashPool();

    // Runs `job` on a hash thread and waits for it. Throws Refusal Busy when full.
    template <class F>
    auto run(F job) -> decltype(job()) {
        using R = decltype(job());
        auto task = std::make_shared<std::packaged_task<R()>>(std::move(job));
        std::future<R> result = task->get_future();
        enqueue([task] { (*task)(); });
        struct Done {
            HashPool* pool;
            ~Done() { pool->finished(); }
        } done{this};
        return result.get();
    }

private:
    void enqueue(std::function<void()> job);
    void finished();
    void loop();

    std::size_t maxInFlight_;
    std::size_t inFlight_ = 0;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

}  // namespace ta::credential
