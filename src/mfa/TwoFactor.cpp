#include "mfa/TwoFactor.h"

#include "audit/AuditStore.h"
#include "domain/Refusal.h"
#include "mfa/QrPng.h"
#include "mfa/RecoveryCodes.h"
#include "mfa/Totp.h"
#include "mfa/TwoFactorStore.h"
#include "util/Base64Url.h"

namespace ta::mfa {

std::string TwoFactor::secretAad(const std::string& tenantId, const std::string& userId) {
    return "totp:" + tenantId + ":" + userId;
}

std::string TwoFactor::aad(const tenant::Tenant& t, const identity::User& u) const {
    return secretAad(t.id, u.id);
}

void TwoFactor::requireEnrolmentRight(const tenant::Tenant& t, const identity::User& u) {
    if (t.settings.twofaSetup != "ALL" && !u.isAdmin())
        throw domain::Refusal(domain::Reason::Forbidden, "Admin privileges required");
}

Enrollment TwoFactor::setup(const tenant::Tenant& t, const identity::User& u) {
    requireEnrolmentRight(t, u);
    if (u.totpEnabled) throw domain::Refusal(domain::Reason::Invalid, "2FA is already enabled");
    std::string raw = Totp::newSecret();
    Enrollment e;
    e.secret = Totp::base32(raw);
    e.otpauthUrl = Totp::otpauthUrl(t.slug, u.username ? *u.username : u.email, e.secret);
    e.qrCode = "data:image/png;base64," + util::Base64Url::encodeStd(QrPng::encode(e.otpauthUrl));
    std::string sealed = util::Base64Url::encode(box_.seal(raw, aad(t, u)));
    auto lease = pool_.acquire();
    TwoFactorStore(*lease, t).setPending(u.id, sealed);
    return e;
}

std::optional<std::vector<std::string>> TwoFactor::enable(const tenant::Tenant& t,
                                                          const identity::User& u,
                                                          const std::string& code,
                                                          const audit::Origin& origin) {
    requireEnrolmentRight(t, u);
    auto lease = pool_.acquire();
    TwoFactorStore store(*lease, t);
    auto sealed = store.pending(u.id);
    if (!sealed) return std::nullopt;
    auto bytes = util::Base64Url::decode(*sealed);
    auto raw = bytes ? box_.open(*bytes, aad(t, u)) : std::nullopt;
    if (!raw) return std::nullopt;
    auto step = Totp::verify(*raw, code, clock_.nowSeconds());
    if (!step) return std::nullopt;
    std::vector<std::string> codes = RecoveryCodes::generate(10);
    std::vector<std::string> hashes;
    for (const auto& c : codes)
        hashes.push_back(RecoveryCodes::stored(RecoveryCodes::normalize(c)));
    db::Transaction tx(*lease);
    if (!store.enable(u.id, *sealed, *step)) return std::nullopt;
    store.replaceRecoveryCodes(u.id, hashes);
    audit::AuditStore(*lease, t).record(audit::AuditEvent("2fa.enabled", u.id), origin);
    tx.commit();
    return codes;
}

bool TwoFactor::acceptLoginCode(const tenant::Tenant& t, const identity::User& u,
                                const std::string& code, const audit::Origin& origin) {
    if (!u.totpEnabled || !u.totpSecret) return false;
    auto lease = pool_.acquire();
    TwoFactorStore store(*lease, t);
    if (code.size() == 6) {
        auto bytes = util::Base64Url::decode(*u.totpSecret);
        auto raw = bytes ? box_.open(*bytes, aad(t, u)) : std::nullopt;
        if (!raw) return false;
        auto step = Totp::verify(*raw, code, clock_.nowSeconds());
        return step && store.claimStep(u.id, *step);
    }
    std::string normalized = RecoveryCodes::normalize(code);
    if (normalized.empty()) return false;
    db::Transaction tx(*lease);
    // Every unused code is compared (salted rows need the salt first), none skipped once
    // one matched; the UPDATE then claims exactly that row, once.
    std::string match;
    for (const auto& stored : store.unusedRecoveryCodes(u.id))
        if (RecoveryCodes::matches(normalized, stored) && match.empty()) match = stored;
    if (match.empty() || !store.useRecoveryCode(u.id, match)) return false;
    audit::AuditStore(*lease, t).record(audit::AuditEvent("2fa.recovery_code_used", u.id), origin);
    tx.commit();
    return true;
}

bool TwoFactor::disable(const tenant::Tenant& t, const identity::User& u,
                        const audit::Origin& origin) {
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    bool done = TwoFactorStore(*lease, t).disable(u.id);
    if (done) audit::AuditStore(*lease, t).record(audit::AuditEvent("2fa.disabled", u.id), origin);
    tx.commit();
    return done;
}

}  // namespace ta::mfa
