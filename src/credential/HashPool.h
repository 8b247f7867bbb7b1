#pragma once
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "credential/TokenTraffic.h"

namespace ta::credential {

// bcrypt runs here, on a few threads with a bounded queue, never on the request
// threads' own time. A login holds its request thread while its job is queued or runs;
// at most `maxInFlight` are (all request threads but two). One finding no place waits
// for one up to `waitMillis` (hash-wait-ms), on its request thread too, then is turned
// away (503); but it waits only while this process serves no token checks (none in the
// last second, TokenTraffic). A burst of sign-ups alone may so take every thread (the
// requests beyond them wait in the connection gate, holding none) and is served; with
// token checks coming, a full pool refuses at once and the last two threads stay theirs.
// Why (issue 11): with waiting logins on every thread a token check queues until a hash
// ends: /me p99 during a login storm went 13 -> 60 ms while its own time stayed 6 ms.
// On a busy shared 2-core box (2 x 8 threads, 8 login + 32 /me connections, 10 and 12
// runs) p99 was 88-2380 ms (median 148) before, 102-404 ms (median 128) after, /me
// alone 129-180 ms: there the box's noise dominates; what surely changed is that 20-72%
// of the logins waited on a request thread before, none after. Bounding the waiters
// alone cannot serve the burst (24 sign-ups on 2 x 8 threads: a thread kept free takes
// the next sign-up queued in the gate and must refuse it); waiting without a request
// thread needs the gate.
//
// Shared fairly between tenants (the `owner` of a job). An owner alone may fill the
// pool; with another owner in it or waiting, it keeps to its share, all but a third
// of the places: a flood of logins at one tenant waits and is turned away beyond its
// share, and another tenant's logins get the places that come free (with token checks
// coming, one such login at a time may still wait, as before hash-wait-ms existed).
class HashPool {
public:
    // At most `maxInFlight` jobs are queued or run at once; a job finding no place
    // waits up to `waitMillis` for one (0: refused at once).
    HashPool(int threads, int maxInFlight, int waitMillis = kDefaultWaitMillis);
    ~HashPool();

    // Runs `job` on a hash thread and waits for it. Throws Refusal Busy, saying why, when
    // the pool, or `owner`'s share of it, stayed full for the whole wait.
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

    // hash-wait-ms; reloadable.
    void setWaitMillis(int ms) { waitMillis_.store(ms, std::memory_order_relaxed); }
    // Jobs waiting for a place now.
    std::size_t waiting();
    // Token checks note themselves here (account::Authenticator).
    TokenTraffic& tokenChecks() { return tokenChecks_; }

    static constexpr int kDefaultWaitMillis = 2000;
    // Token checks within this long keep the request threads beyond the places free.
    static constexpr std::int64_t kTokenCheckWindowMillis = 1000;

private:
    bool admits(const std::string& owner, std::size_t mine) const;
    bool mayWait(std::size_t mine, bool& beyondPlaces) const;
    void enqueue(const std::string& owner, std::function<void()> job);
    void finished(const std::string& owner);
    void loop();

    std::size_t maxInFlight_;
    std::atomic<int> waitMillis_;
    std::size_t inFlight_ = 0;
    std::unordered_map<std::string, std::size_t> byOwner_;
    std::unordered_map<std::string, std::size_t> waitingByOwner_;  // jobs waiting for a place
    std::size_t waitingTotal_ = 0;
    bool fairnessWaiter_ = false;  // the one waiter beyond the places during token checks
    TokenTraffic tokenChecks_;
    std::condition_variable placeFreed_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> queue_;
    std::vector<std::thread> threads_;
    bool stopping_ = false;
};

}  // namespace ta::credential
