#include "recovery/EmailVerification.h"

#include "audit/AuditStore.h"
#include "domain/Refusal.h"
#include "mail/Letters.h"
#include "recovery/RecoveryStore.h"
#include "util/Digest.h"
#include "util/Random.h"

namespace ta::recovery {

namespace {
constexpr const char* kInvalidToken = "Invalid or expired verification token";
}

bool EmailVerification::onRegistered(db::Connection& c, const tenant::Tenant& t,
                                     const identity::User& u) const {
    const auto& s = t.settings;
    if (s.smtpHost.empty() || s.urlVerifyEmail.empty() || u.emailVerified) return false;
    std::string token = util::Random::base64url(32);
    RecoveryStore(c, t).issueVerify(u.id, u.email, util::Digest::sha256Hex(token),
                                    kTokenTtlSeconds);
    outbox_.enqueue(
        c, t,
        mail::Letters::verifyEmail(t.name, u.email, mail::Letters::link(s.urlVerifyEmail, token)));
    return true;
}

void EmailVerification::verify(const tenant::Tenant& t, const std::string& token,
                               const audit::Origin& origin) {
    if (token.empty() || token.size() > 128)
        throw domain::Refusal(domain::Reason::Invalid, kInvalidToken);
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    RecoveryStore store(*lease, t);
    auto owner = store.consume(util::Digest::sha256Hex(token), RecoveryStore::kVerify);
    if (!owner || !store.markVerified(owner->userId, owner->email))
        throw domain::Refusal(domain::Reason::Invalid, kInvalidToken);
    audit::AuditStore(*lease, t).record(audit::AuditEvent("email.verified", owner->userId), origin);
    tx.commit();
}

}  // namespace ta::recovery
