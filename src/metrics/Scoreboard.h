#pragma once
#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ta::metrics {

// Fixed label sets, so the exposition stays bounded whatever the traffic.
constexpr int kMaxRoutes = 64;  // the route table, then "unmatched" and "authorizer"
constexpr int kStatuses = 18;   // the codes the product answers, then "other"
constexpr int kBuckets = 13;    // latency upper bounds (seconds); then +Inf
constexpr int kMaxTenants = 256;
constexpr int kMaxSlots = 64;  // one per worker process (processes is at most 64)
constexpr int kStatusClasses = 5;
constexpr int kUnmatchedRoute = kMaxRoutes - 2;   // no route: 404, 405, unknown tenant ...
constexpr int kAuthorizerRoute = kMaxRoutes - 1;  // the FastCGI Authorizer role

enum class Login {
    Success,
    BadCredentials,
    TwoFactorRequired,
    TwoFactorInvalid,
    Locked,
    RateLimited,
    BadRequest,
    Unavailable,
    Count
};

enum class AuthorizerResult { Allowed, Denied, Refused, Count };

extern const int kStatusCodes[kStatuses - 1];
extern const double kBucketBounds[kBuckets];
extern const char* const kLoginNames[static_cast<int>(Login::Count)];
extern const char* const kAuthorizerNames[static_cast<int>(AuthorizerResult::Count)];

using Counter = std::atomic<uint64_t>;
using Gauge = std::atomic<int64_t>;

// What one worker process holds right now. The supervisor zeroes a slot when its
// process dies, so a crash leaves no stale "in use" behind.
struct Slot {
    std::atomic<pid_t> pid;
    Gauge poolInUse;
    Gauge poolOpen;
    Gauge hashQueued;
    Gauge tenantsLoaded;
    Gauge inFlight;
};

struct TenantRow {
    std::atomic<uint32_t> state;  // 0 free, 1 being claimed, 2 ready
    char slug[64];
    Counter byClass[kStatusClasses];  // 1xx..5xx
};

// Every counter of the daemon, in one block of shared memory mapped before the
// worker processes fork, so /api/metrics answers for all of them, whichever worker
// serves it. Counters are process-shared atomics (lock-free on x86-64); a request
// costs four relaxed increments.
struct Block {
    Counter requests[kMaxRoutes][kStatuses];
    Counter latency[kMaxRoutes][kBuckets + 1];
    Counter latencyMicros[kMaxRoutes];
    Counter logins[static_cast<int>(Login::Count)];
    Counter authorizer[static_cast<int>(AuthorizerResult::Count)];
    Counter poolWaits;
    Counter poolTimeouts;
    Counter dbErrors;
    Counter hashJobs;
    Counter hashRejected;
    Counter hashWaits;  // bcrypt jobs that found no place at once and waited for one
    Counter workerRestarts;
    Counter tenantOverflow[kStatusClasses];  // tenants beyond kMaxTenants
    TenantRow tenants[kMaxTenants];
    Slot slots[kMaxSlots];
};

// The process's view of the block: the shared one once createShared() ran (the
// daemon, before fork), else a private one (tools and unit tests), so recording
// never needs a null check.
class Scoreboard {
public:
    // Maps the shared block; call once, before the worker processes fork.
    static void createShared();
    static Block& block();
    // The worker process's slot (set after fork); slot 0 until then.
    static void useSlot(int index);
    static Slot& slot();
    static void clearSlot(int index);

    static int statusIndex(int status);
    static int bucketIndex(long long micros);
    // The tenant's row, claimed on first use; nullptr when all rows are taken.
    static TenantRow* tenantRow(Block& b, std::string_view slug);

    static void request(int route, int status, std::string_view tenant, long long micros);
    static void login(Login outcome) { add(block().logins[static_cast<int>(outcome)]); }
    static void authorizer(AuthorizerResult r) { add(block().authorizer[static_cast<int>(r)]); }
    static void add(Counter& c, uint64_t n = 1) { c.fetch_add(n, std::memory_order_relaxed); }
    static void move(Gauge& g, int64_t by) { g.fetch_add(by, std::memory_order_relaxed); }
};

}  // namespace ta::metrics
