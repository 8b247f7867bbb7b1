#include "apikey/ApiKeys.h"

#include "apikey/ApiKeyStore.h"
#include "audit/AuditStore.h"
#include "domain/Refusal.h"
#include "util/Digest.h"
#include "util/Random.h"

namespace ta::apikey {

using domain::Reason;
using domain::Refusal;

std::string ApiKeys::hash(const std::string& secret) { return util::Digest::sha256Hex(secret); }

CreatedKey ApiKeys::create(const tenant::Tenant& t, const std::string& userId,
                           const std::string& name, const audit::Origin& origin) {
    if (name.empty() || name.size() > 100)
        throw Refusal(Reason::Invalid, "name must be 1 to 100 bytes");
    CreatedKey out;
    out.secret = "sk_" + util::Random::hex(32);
    std::string id = "key_" + util::Random::hex(12);
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    ApiKeyStore store(*lease, t);
    auto cap = store.lockUserCap(userId);
    if (!cap) throw Refusal(Reason::NotFound, "User not found");
    // Counted after the lock, in a new snapshot: parallel creations cannot pass the cap.
    if (store.countLive(userId) >= *cap)
        throw Refusal(Reason::Forbidden, "You have reached the maximum number of API keys (" +
                                             std::to_string(*cap) + ") for your plan");
    out.key = store.insert(id, userId, name, out.secret.substr(0, ApiKey::kPrefixLength),
                           hash(out.secret));
    audit::AuditStore(*lease, t).record(
        audit::AuditEvent("apikey.created", userId).with("keyId", id).with("name", name), origin);
    tx.commit();
    return out;
}

std::vector<ApiKey> ApiKeys::list(const tenant::Tenant& t, const std::string& userId) {
    auto lease = pool_.acquire();
    return ApiKeyStore(*lease, t).list(userId);
}

ApiKey ApiKeys::revoke(const tenant::Tenant& t, const std::string& userId, const std::string& keyId,
                       const audit::Origin& origin) {
    if (!ApiKey::validId(keyId)) throw Refusal(Reason::NotFound, "API key not found");
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    bool fresh = false;
    auto key = ApiKeyStore(*lease, t).revoke(userId, keyId, fresh);
    if (!key) throw Refusal(Reason::NotFound, "API key not found");
    if (fresh)
        audit::AuditStore(*lease, t).record(
            audit::AuditEvent("apikey.revoked", userId).with("keyId", keyId), origin);
    tx.commit();
    return *key;
}

}  // namespace ta::apikey
