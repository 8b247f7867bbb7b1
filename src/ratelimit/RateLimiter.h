#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

#include "db/Pool.h"
#include "tenant/Tenant.h"
#include "util/Clock.h"

namespace ta::ratelimit {

// Requests per minute per user or API key, held across every worker process and
// daemon that share the database, without a database write per request.
//
// Each subject has one counter per minute in PostgreSQL (rate_windows). A process
// takes grants from it in chunks (a fiftieth of the limit, at least 1) and spends
// them locally under a mutex; only when its chunk is spent does it go back to the
// database. The shared counter never grants more than the limit, so the limit is
// never exceeded, whatever the number of processes. What a process has taken and
// not spent when the minute ends is lost: at most one chunk per process, so with P
// processes a busy subject gets at least limit × (1 − P/50) requests (92% with four).
// A window found used up is remembered until it ends, so a client hammering past
// its limit costs no query either.
class RateLimiter {
public:
    RateLimiter(db::Pool& pool, const util::Clock& clock) : pool_(pool), clock_(clock) {}

    // 0 when the request may go on; else the seconds until the window ends (≥ 1).
    int admit(const tenant::Tenant& t, const std::string& subject, int perMinute);

    void setEnabled(bool on) { enabled_.store(on, std::memory_order_relaxed); }

    static int chunkFor(int perMinute) { return perMinute / 50 > 1 ? perMinute / 50 : 1; }

private:
    struct Bucket {
        std::int64_t window = -1;
        int tokens = 0;
        bool exhausted = false;
    };

    db::Pool& pool_;
    const util::Clock& clock_;
    std::atomic<bool> enabled_{true};
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace ta::ratelimit
