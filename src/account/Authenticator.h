#pragma once
#include <optional>
#include <string>

#include "account/Caller.h"
#include "credential/TokenTraffic.h"
#include "db/Pool.h"
#include "tenant/Tenant.h"
#include "token/AccessTokens.h"

namespace ta::account {

// Turns a Bearer credential (JWT access token or sk_ API key) into the caller as
// stored now, with one query. A revoked key or a disabled user fails on the very
// next request, on every process and host, because nothing is cached.
class Authenticator {
public:
    enum class Outcome {
        Ok,
        BadCredential,  // not a live token or key of this tenant
        Gone,           // a valid token whose user was deleted or disabled since
    };

    // `tokenChecks` (may be null) learns of every check: the bcrypt pool keeps request
    // threads free for them while they come.
    Authenticator(db::Pool& pool, const token::AccessTokens& tokens,
                  credential::TokenTraffic* tokenChecks = nullptr)
        : pool_(pool), tokens_(tokens), tokenChecks_(tokenChecks) {}

    Outcome authenticate(const tenant::Tenant& t, const std::string& credential,
                         std::optional<Caller>& out) const;

private:
    db::Pool& pool_;
    const token::AccessTokens& tokens_;
    credential::TokenTraffic* tokenChecks_;
};

}  // namespace ta::account
