#pragma once
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace ta::credential {

// bcrypt runs here, on a few threads with a short queue, never on the request
// threads' own time: when logins pile up they are turned away (503) instead of
// taking every request thread and starving token checks.
//
// Shared fairly between tenants (the `owner` of a job). An owner alone may fill the
// pool; with another owner in it or waiting, it keeps to its share, all but a third
// of the places. An owner under its share that finds the pool full waits for a place
// (at most kWaitMillis, one such waiter at a time, so it holds one request thread at
// most) while the others are held to their shares: a flood of logins at one tenant
// is turned away beyond its share, and another tenant's logins get in.
class HashPool {
public:
    // At most `maxInFlight` jobs wait or run at once: the request threads a login
    // may hold, so the rest stay free for token checks.
    HashPool(int threads, int maxInFlight);
    ~HashPool();

    // Runs `job` on a hash thread and waits for it. Throws Refusal Busy when the pool,
    // or `owner`'s share of it, is full.
    template <class F>
    auto run(const std::string& owner, F job) -> decltype(job()) {
        using R = decltype(job());
        auto task = std::make_shared<std::packaged_task<R()>>(std::move(job));
        std::future<R> result = task->get_future();
        enqueue(owner, [task] { (*task)(); });
        struct Done {
            HashPool* pool;
            const std::string& owner;
            ~Done() { pool->finished(owner); }
        } done{this, owner};
        return result.get();
    }

    // The most places one owner may hold: all but a third of them, at least one.
    std::size_t shareCap() const {
        return std::max<std::size_t>(1, maxInFlight_ - maxInFlight_ / 3);
    }

    static constexpr int kWaitMillis = 2000;

private:
    bool admits(const std::string& owner, std::size_t mine) const;
    void enqueue(const std::string& owner, std::function<void()> job);
    void finished(const std::string& owner);
    void loop();

    std::size_t maxInFlight_;
    std::size_t inFlight_ = 0;
    std::unordered_map<std::string, std::size_t> byOwner_;
    std::optional<std::string> waitingOwner_;  // the one login waiting for a place, if any
    std::condition_variable placeFreed_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

}  // namespace ta::credential
