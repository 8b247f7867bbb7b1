#pragma once
#include <atomic>

#include "config/Settings.h"
#include "credential/HashPool.h"
#include "db/Pool.h"
#include "http/Cookies.h"
#include "identity/AccountService.h"
#include "mfa/TwoFactor.h"
#include "tenant/TenantDirectory.h"
#include "token/AccessTokens.h"
#include "util/Clock.h"
#include "util/SecretBox.h"

namespace ta::api {

// Everything a worker process builds once, after fork, and shares between its
// request threads.
struct Services {
    explicit Services(const config::Settings& s);

    void applyReloadable(const config::Settings& s);
    http::Cookies cookies() const { return http::Cookies(!development.load(std::memory_order_relaxed)); }

    util::SystemClock clock;
    util::SecretBox box;
    db::Pool pool;
    tenant::TenantDirectory tenants;
    credential::HashPool hashes;
    token::AccessTokens tokens;
    mfa::TwoFactor twoFactor;
    identity::AccountService accounts;
    std::atomic<bool> development{false};
};

}  // namespace ta::api
