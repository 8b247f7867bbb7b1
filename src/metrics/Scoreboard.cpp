#include "metrics/Scoreboard.h"

#include <sys/mman.h>

#include <cstring>
#include <new>
#include <stdexcept>

namespace ta::metrics {

const int kStatusCodes[kStatuses - 1] = {200, 201, 204, 302, 304, 400, 401, 403, 404,
                                         405, 409, 413, 415, 422, 429, 500, 503};
const double kBucketBounds[kBuckets] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                        0.1,    0.25,  0.5,    1,     2.5,  5};
const char* const kLoginNames[static_cast<int>(Login::Count)] = {
    "success", "bad_credentials", "2fa_required", "2fa_invalid",
    "locked",  "rate_limited",    "bad_request",  "unavailable"};
const char* const kAuthorizerNames[static_cast<int>(AuthorizerResult::Count)] = {
    "allowed", "denied", "refused"};

namespace {
Block* shared = nullptr;
int slotIndex = 0;

Block& privateBlock() {
    static Block* b = new Block();  // value-initialised: all zero
    return *b;
}

uint64_t fnv1a(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ull;
    }
    return h;
}
}  // namespace

void Scoreboard::createShared() {
    if (shared) return;
    void* p =
        mmap(nullptr, sizeof(Block), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::runtime_error("cannot map the metrics block");
    // MAP_ANONYMOUS memory is zero, which is every counter's and gauge's start value.
    shared = new (p) Block();
}

Block& Scoreboard::block() { return shared ? *shared : privateBlock(); }

void Scoreboard::useSlot(int index) {
    if (index >= 0 && index < kMaxSlots) slotIndex = index;
}

Slot& Scoreboard::slot() { return block().slots[slotIndex]; }

void Scoreboard::clearSlot(int index) {
    if (index < 0 || index >= kMaxSlots) return;
    Slot& s = block().slots[index];
    s.pid.store(0);
    for (Gauge* g : {&s.poolInUse, &s.poolOpen, &s.hashQueued, &s.tenantsLoaded, &s.inFlight})
        g->store(0);
}

int Scoreboard::statusIndex(int status) {
    for (int i = 0; i < kStatuses - 1; ++i)
        if (kStatusCodes[i] == status) return i;
    return kStatuses - 1;
}

int Scoreboard::bucketIndex(long long micros) {
    for (int i = 0; i < kBuckets; ++i)
        if (static_cast<double>(micros) <= kBucketBounds[i] * 1e6) return i;
    return kBuckets;
}

TenantRow* Scoreboard::tenantRow(Block& b, std::string_view slug) {
    if (slug.empty() || slug.size() >= sizeof(TenantRow::slug)) return nullptr;
    uint64_t h = fnv1a(slug);
    for (int probe = 0; probe < kMaxTenants; ++probe) {
        TenantRow& row = b.tenants[(h + static_cast<uint64_t>(probe)) % kMaxTenants];
        uint32_t state = row.state.load(std::memory_order_acquire);
        if (state == 0) {
            uint32_t expected = 0;
            if (row.state.compare_exchange_strong(expected, 1, std::memory_order_acq_rel)) {
                std::memcpy(row.slug, slug.data(), slug.size());
                row.slug[slug.size()] = '\0';
                row.state.store(2, std::memory_order_release);
                return &row;
            }
            state = expected;
        }
        // Another process is writing this row's slug: a few stores, never blocked.
        while (state == 1) state = row.state.load(std::memory_order_acquire);
        if (slug == row.slug) return &row;
    }
    return nullptr;
}

void Scoreboard::request(int route, int status, std::string_view tenant, long long micros) {
    Block& b = block();
    if (route < 0 || route >= kMaxRoutes) route = kUnmatchedRoute;
    add(b.requests[route][statusIndex(status)]);
    add(b.latency[route][bucketIndex(micros)]);
    add(b.latencyMicros[route], static_cast<uint64_t>(micros < 0 ? 0 : micros));
    int cls = status / 100 - 1;
    if (cls < 0 || cls >= kStatusClasses || tenant.empty()) return;
    TenantRow* row = tenantRow(b, tenant);
    add(row ? row->byClass[cls] : b.tenantOverflow[cls]);
}

}  // namespace ta::metrics
