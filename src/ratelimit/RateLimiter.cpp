#include "ratelimit/RateLimiter.h"

#include "ratelimit/RateStore.h"

namespace ta::ratelimit {

namespace {
constexpr std::int64_t kWindow = 60;
constexpr std::size_t kPruneAbove = 50000;  // buckets kept before old windows are dropped
}  // namespace

int RateLimiter::admit(const tenant::Tenant& t, const std::string& subject, int perMinute) {
    if (!enabled_.load(std::memory_order_relaxed)) return 0;
    std::int64_t now = clock_.nowSeconds();
    std::int64_t window = now - now % kWindow;
    int wait = static_cast<int>(window + kWindow - now);
    std::string key = t.schema + '/' + subject;
    {
        std::lock_guard<std::mutex> lock(mutex_);
        Bucket& b = buckets_[key];
        if (b.window != window) b = Bucket{window, 0, false};
        if (b.tokens > 0) {
            --b.tokens;
            return 0;
        }
        if (b.exhausted) return wait;
    }
    int granted;
    {
        auto lease = pool_.acquire();
        granted = RateStore(*lease, t).take(subject, window, chunkFor(perMinute), perMinute);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (buckets_.size() > kPruneAbove)
        for (auto it = buckets_.begin(); it != buckets_.end();)
            it = it->second.window < window ? buckets_.erase(it) : std::next(it);
    Bucket& b = buckets_[key];
    if (b.window != window) b = Bucket{window, 0, false};
    if (granted <= 0) {  // negative when the limit was lowered during the window
        b.exhausted = true;
        return wait;
    }
    b.tokens += granted - 1;
    return 0;
}

}  // namespace ta::ratelimit
