#pragma once
#include <cstdint>

namespace ta::mail {

// When a failed mail is tried again: `baseSeconds` after the first failure, doubling
// up to an hour between attempts; given up once it has waited kGiveUpSeconds (two
// days: a mail server down over a weekend night still gets its mail).
struct Backoff {
    static constexpr int kMaxDelaySeconds = 3600;
    static constexpr std::int64_t kGiveUpSeconds = 2 * 86400;

    // Delay after the `attempts`-th failed attempt (1 = the first).
    static int delaySeconds(int attempts, int baseSeconds) {
        if (baseSeconds < 1) baseSeconds = 1;
        std::int64_t d = baseSeconds;
        for (int i = 1; i < attempts && d < kMaxDelaySeconds; ++i) d *= 2;
        return static_cast<int>(d < kMaxDelaySeconds ? d : kMaxDelaySeconds);
    }
    // A mail `ageSeconds` old whose next attempt would be `delay` away is given up.
    static bool givesUp(std::int64_t ageSeconds, int delay) {
        return ageSeconds + delay > kGiveUpSeconds;
    }
};

}  // namespace ta::mail
