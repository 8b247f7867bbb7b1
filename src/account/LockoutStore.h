#pragma once
#include <string>

#include "db/Connection.h"
#include "tenant/Tenant.h"

namespace ta::account {

// A tenant's login_failures table: failed logins per subject in a window, and the
// lock they lead to. Every change is one atomic statement, so parallel failures all
// count and every process and host sees the same lock.
class LockoutStore {
public:
    LockoutStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    // Seconds until the later of the two subjects' locks ends; 0 when neither is locked.
    int lockedFor(const std::string& a, const std::string& b);
    // Counts a failure of `subject`; locks it for `lockSeconds` when it reaches
    // `maxFailures` within `windowSeconds`.
    void recordFailure(const std::string& subject, int maxFailures, int windowSeconds,
                       int lockSeconds);
    void reset(const std::string& subject);
    // Forgets counters whose window and lock have both ended.
    int prune(int windowSeconds);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::account
