#pragma once
#include <string>

#include "audit/Origin.h"
#include "credential/HashPool.h"
#include "db/Pool.h"
#include "mail/Outbox.h"
#include "tenant/Tenant.h"

namespace ta::recovery {

// Password reset by mail: a request stores a one-time token (256 random bits, only its
// SHA-256 kept, one hour, single use, a newer one voids the older) and writes the mail
// with the link to the outbox in the same transaction; the reset spends the token,
// sets the password and revokes every refresh token of the user. 2FA is left as it
// is, so it still applies at the next login.
class PasswordReset {
public:
    static constexpr int kTokenTtlSeconds = 3600;
    // Reset mails per address and hour (requests beyond it answer the same, send none).
    static constexpr int kMailsPerHour = 3;

    PasswordReset(db::Pool& pool, credential::HashPool& hashes, const mail::Outbox& outbox)
        : pool_(pool), hashes_(hashes), outbox_(outbox) {}

    // Whether or not `email` has an account, the same statements run, so the answer
    // and its time say nothing about it. Mails only when the tenant has SMTP and
    // urls.resetPassword set.
    void request(const tenant::Tenant& t, const std::string& email, const audit::Origin& origin);
    // Refusal Invalid "Invalid or expired reset token" for an unknown, spent or expired
    // token; Refusal Invalid naming password for a password out of policy.
    void reset(const tenant::Tenant& t, const std::string& token, const std::string& password,
               const audit::Origin& origin);

private:
    db::Pool& pool_;
    credential::HashPool& hashes_;
    const mail::Outbox& outbox_;
};

}  // namespace ta::recovery
