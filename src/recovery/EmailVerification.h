#pragma once
#include <string>

#include "audit/Origin.h"
#include "db/Connection.h"
#include "db/Pool.h"
#include "identity/User.h"
#include "mail/Outbox.h"
#include "tenant/Tenant.h"

namespace ta::recovery {

// Email verification: at registration, when the tenant has SMTP and urls.verifyEmail
// set, a one-time token (24 hours, single use, SHA-256 stored) and the mail with its
// link are written in the registration's transaction; spending the token marks the
// address verified.
class EmailVerification {
public:
    static constexpr int kTokenTtlSeconds = 86400;

    EmailVerification(db::Pool& pool, const mail::Outbox& outbox) : pool_(pool), outbox_(outbox) {}

    // On `c`, inside the transaction that created `u`. Returns whether a mail was written.
    bool onRegistered(db::Connection& c, const tenant::Tenant& t, const identity::User& u) const;
    // Refusal Invalid "Invalid or expired verification token" otherwise.
    void verify(const tenant::Tenant& t, const std::string& token, const audit::Origin& origin);

private:
    db::Pool& pool_;
    const mail::Outbox& outbox_;
};

}  // namespace ta::recovery
