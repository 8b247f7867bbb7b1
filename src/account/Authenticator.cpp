#include "account/Authenticator.h"

#include "account/CallerStore.h"
#include "apikey/ApiKey.h"
#include "apikey/ApiKeyStore.h"
#include "apikey/ApiKeys.h"

namespace ta::account {

Authenticator::Outcome Authenticator::authenticate(const tenant::Tenant& t,
                                                   const std::string& credential,
                                                   std::optional<Caller>& out) const {
    if (tokenChecks_) tokenChecks_->note();
    if (credential.empty()) return Outcome::BadCredential;
    if (apikey::ApiKey::wellFormed(credential)) {
        bool stale = false;
        auto lease = pool_.acquire(t.scope);
        out = CallerStore(*lease, t).byKeyHash(apikey::ApiKeys::hash(credential), stale);
        if (!out || out->user.disabled) return Outcome::BadCredential;
        // lastUsedAt: one write a minute per key at most, not one per request.
        if (stale) apikey::ApiKeyStore(*lease, t).touch(out->apiKeyId);
        return Outcome::Ok;
    }
    auto claims = tokens_.verify(t, credential);
    if (!claims) return Outcome::BadCredential;
    auto lease = pool_.acquire(t.scope);
    out = CallerStore(*lease, t).byUserId(claims->userId);
    if (!out || out->user.disabled) return Outcome::Gone;
    return Outcome::Ok;
}

}  // namespace ta::account
