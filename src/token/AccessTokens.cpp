#include "token/AccessTokens.h"

#include <stdexcept>

#include "token/Jwt.h"

namespace ta::token {

std::string AccessTokens::sign(const tenant::Tenant& t, const identity::User& u, int lifetime,
                               const char* aud) const {
    const tenant::SigningKey* key = t.currentKey();
    if (!key) throw std::runtime_error("tenant " + t.slug + " has no signing key");
    std::int64_t now = clock_.nowSeconds();
    Poco::JSON::Object claims(Poco::JSON_PRESERVE_KEY_ORDER);
    claims.set("sub", u.id);
    claims.set("id", u.id);
    claims.set("email", u.email);
    claims.set("plan_id", u.planId);
    claims.set("authority", u.authority);
    claims.set("tid", t.slug);
    if (aud) claims.set("aud", std::string(aud));
    claims.set("iat", static_cast<Poco::Int64>(now));
    claims.set("exp", static_cast<Poco::Int64>(now + lifetime));
    return Jwt::signHs256(key->kid, key->secret, claims);
}

std::string AccessTokens::issue(const tenant::Tenant& t, const identity::User& u) const {
    return sign(t, u, t.settings.accessTokenTtl, nullptr);
}

std::string AccessTokens::issueNodeRed(const tenant::Tenant& t, const identity::User& u) const {
    return sign(t, u, kNodeRedLifetime, "node-red");
}

std::optional<AccessClaims> AccessTokens::verify(const tenant::Tenant& t,
                                                 std::string_view token) const {
    std::int64_t now = clock_.nowSeconds();
    // A rotated-out key keeps verifying until the tokens it signed have expired.
    std::int64_t grace = t.settings.accessTokenTtl + 60;
    auto payload = Jwt::verifyHs256(token, [&](const std::string& kid) -> const std::string* {
        const tenant::SigningKey* k = t.verifyingKey(kid, now, grace);
        return k ? &k->secret : nullptr;
    });
    if (!payload) return std::nullopt;
    try {
        if (payload->has("aud")) return std::nullopt;
        if (!payload->has("exp") || !payload->get("exp").isInteger()) return std::nullopt;
        if (payload->getValue<Poco::Int64>("exp") + kClockLeeway <= now) return std::nullopt;
        // nbf is optional (tokens issued here carry none), but honoured when present.
        if (payload->has("nbf")) {
            if (!payload->get("nbf").isInteger()) return std::nullopt;
            if (payload->getValue<Poco::Int64>("nbf") - kClockLeeway > now) return std::nullopt;
        }
        if (payload->optValue<std::string>("tid", "") != t.slug) return std::nullopt;
        AccessClaims c;
        c.userId = payload->optValue<std::string>("sub", "");
        c.email = payload->optValue<std::string>("email", "");
        c.planId = payload->optValue<std::string>("plan_id", "");
        c.authority = payload->optValue<std::string>("authority", "");
        if (c.userId.empty()) return std::nullopt;
        return c;
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace ta::token
