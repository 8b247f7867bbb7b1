#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "identity/User.h"
#include "tenant/Tenant.h"
#include "util/Clock.h"

namespace ta::token {

struct AccessClaims {
    std::string userId;
    std::string email;
    std::string planId;
    std::string authority;
};

// Access and Node-RED JWTs of one tenant, signed with its current key.
class AccessTokens {
public:
    explicit AccessTokens(const util::Clock& clock) : clock_(clock) {}

    std::string issue(const tenant::Tenant& t, const identity::User& u) const;
    // aud "node-red", 7 days: for Node-RED to check, never accepted by verify().
    std::string issueNodeRed(const tenant::Tenant& t, const identity::User& u) const;

    // The claims when the token is a live access token of tenant `t`: HS256 with one
    // of its keys, `exp` present and in the future, `nbf` (if any) not in the future,
    // `tid` = t.slug, no `aud`.
    std::optional<AccessClaims> verify(const tenant::Tenant& t, std::string_view token) const;

    static constexpr int kNodeRedLifetime = 7 * 24 * 3600;
    // Seconds of clock difference allowed on `exp` and `nbf` alike. 0: the tokens are
    // issued and checked by hosts of one site; an access token lives 15 minutes.
    static constexpr int kClockLeeway = 0;

private:
    std::string sign(const tenant::Tenant& t, const identity::User& u, int lifetime,
                     const char* aud) const;

    const util::Clock& clock_;
};

}  // namespace ta::token
