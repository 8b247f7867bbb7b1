#include "recovery/PasswordReset.h"

#include "audit/AuditStore.h"
#include "credential/PasswordHasher.h"
#include "credential/PasswordPolicy.h"
#include "domain/Refusal.h"
#include "identity/Email.h"
#include "mail/Letters.h"
#include "recovery/RecoveryStore.h"
#include "token/RefreshTokenStore.h"
#include "util/Digest.h"
#include "util/Random.h"

namespace ta::recovery {

namespace {
constexpr const char* kInvalidToken = "Invalid or expired reset token";

// Tokens are 32 random bytes in base64url (43 characters); anything far from that is
// refused before any database work.
bool plausibleToken(const std::string& token) { return !token.empty() && token.size() <= 128; }
}  // namespace

void PasswordReset::request(const tenant::Tenant& t, const std::string& email,
                            const audit::Origin& origin) {
    // A string that cannot be an address has no account: nothing to look up.
    if (!identity::Email::valid(email)) return;
    const auto& s = t.settings;
    bool canMail = !s.smtpHost.empty() && !s.urlResetPassword.empty();
    std::string token = util::Random::base64url(32);
    std::string hash = util::Digest::sha256Hex(token);
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    ResetIssue issue =
        RecoveryStore(*lease, t).issueReset(email, hash, canMail, kMailsPerHour, kTokenTtlSeconds);
    std::string to = issue.issued ? issue.email : email;
    mail::Mail m =
        mail::Letters::resetPassword(t.name, to, mail::Letters::link(s.urlResetPassword, token));
    outbox_.enqueue(*lease, t, m, issue.issued);
    audit::AuditStore(*lease, t).record(
        audit::AuditEvent("password_reset.requested", issue.userId.value_or(""))
            .with("mailed", issue.issued),
        origin);
    tx.commit();
}

void PasswordReset::reset(const tenant::Tenant& t, const std::string& token,
                          const std::string& password, const audit::Origin& origin) {
    if (!plausibleToken(token)) throw domain::Refusal(domain::Reason::Invalid, kInvalidToken);
    std::string hash = util::Digest::sha256Hex(token);
    {
        // Checked before bcrypt, so made-up tokens cost no hashing.
        auto lease = pool_.acquire();
        if (!RecoveryStore(*lease, t).peek(hash, RecoveryStore::kReset))
            throw domain::Refusal(domain::Reason::Invalid, kInvalidToken);
    }
    credential::PasswordPolicy::check(password);
    int cost = t.settings.bcryptCost;
    std::string passwordHash =
        hashes_.run(t.slug, [&] { return credential::PasswordHasher::hash(password, cost); });
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    RecoveryStore store(*lease, t);
    auto owner = store.consume(hash, RecoveryStore::kReset);
    if (!owner || !store.setPassword(owner->userId, owner->email, passwordHash))
        throw domain::Refusal(domain::Reason::Invalid, kInvalidToken);
    token::RefreshTokenStore(*lease, t).revokeAllOfUser(owner->userId);
    audit::AuditStore(*lease, t).record(audit::AuditEvent("password.reset", owner->userId), origin);
    tx.commit();
}

}  // namespace ta::recovery
