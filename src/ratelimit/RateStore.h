#pragma once
#include <cstdint>
#include <string>

#include "db/Connection.h"
#include "tenant/Tenant.h"

namespace ta::ratelimit {

// A tenant's rate_windows table: requests granted per subject and minute, shared by
// every worker process and daemon.
class RateStore {
public:
    RateStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    // Takes up to `want` of the window's remaining `limit` in one atomic statement;
    // returns how many were granted (0 when the window is used up).
    int take(const std::string& subject, std::int64_t windowStart, int want, int limit);
    int prune(std::int64_t before);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::ratelimit
