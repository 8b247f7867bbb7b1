#pragma once
#include <time.h>

#include <atomic>
#include <cstdint>

namespace ta::credential {

// When this worker process last served a token check (a request authenticated by an
// access token or an API key). HashPool keeps the request threads beyond its places
// for token checks while they come, instead of letting waiting logins take them.
class TokenTraffic {
public:
    // On every token check: a coarse clock read (vDSO, no system call) and a store at
    // most once per clock tick, so the request threads do not fight over the line.
    void note() {
        std::int64_t now = nowMillis();
        if (last_.load(std::memory_order_relaxed) != now)
            last_.store(now, std::memory_order_relaxed);
    }

    // A token check was served within the last `windowMillis`.
    bool within(std::int64_t windowMillis) const {
        return seenWithin(last_.load(std::memory_order_relaxed), nowMillis(), windowMillis);
    }

    static bool seenWithin(std::int64_t last, std::int64_t now, std::int64_t windowMillis) {
        return last != kNever && now - last < windowMillis;
    }

    // CLOCK_MONOTONIC_COARSE: a few milliseconds' resolution is plenty for a window
    // of a second, and it costs a fraction of the precise clock.
    static std::int64_t nowMillis() {
        timespec ts{};
        clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
        return static_cast<std::int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
    }

    static constexpr std::int64_t kNever = INT64_MIN;

private:
    std::atomic<std::int64_t> last_{kNever};
};

}  // namespace ta::credential
