#include "token/AccessTokens.h"

#include <stdexcept>

#include "token/ClaimsWriter.h"
#include "token/Jwt.h"

namespace ta::token {

std::string AccessTokens::sign(const tenant::Tenant& t, const identity::User& u, int lifetime,
                               const char* aud) const {
    const tenant::SigningKey* key = t.currentKey();
    if (!key) throw std::runtime_error("tenant " + t.slug + " has no signing key");
    std::int64_t now = clock_.nowSeconds();
    // The members in the order Poco's sorted object wrote them: the same bytes as before.
    ClaimsWriter claims;
    if (aud) claims.add("aud", aud);
    claims.add("authority", u.authority)
        .add("email", u.email)
        .add("exp", now + lifetime)
        .add("iat", now)
        .add("id", u.id)
        .add("plan_id", u.planId)
        .add("sub", u.id)
        .add("tid", t.slug);
    return Jwt::signHs256(key->kid, key->secret, claims.json());
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
    if (!payload || payload->aud || !payload->exp) return std::nullopt;
    if (*payload->exp + kClockLeeway <= now) return std::nullopt;
    // nbf is optional (tokens issued here carry none), but honoured when present.
    if (payload->nbf && *payload->nbf - kClockLeeway > now) return std::nullopt;
    if (payload->tid != t.slug || payload->sub.empty()) return std::nullopt;
    return AccessClaims{std::move(payload->sub), std::move(payload->email),
                        std::move(payload->planId), std::move(payload->authority)};
}

}  // namespace ta::token
