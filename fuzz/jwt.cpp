// JWT parse and verify (token::Jwt, token::AccessTokens) as the Authorizer and every
// bearer route run them. The input is tried twice: as a presented token, and as a
// header and payload (JSON, separated by a newline) signed with the tenant's key, so
// the claim checks behind the MAC are reached too. A signed token that verifies must
// read the same through Poco's JSON parser (which verified tokens before): alg HS256, a
// string kid, the same claims.
#include "token/Jwt.h"

#include <cstdlib>
#include <string>

#include "Input.h"
#include "PocoJson.h"
#include "tenant/Tenant.h"
#include "token/AccessTokens.h"
#include "util/Base64Url.h"
#include "util/Clock.h"
#include "util/Digest.h"

using namespace ta;

namespace {
const tenant::Tenant& fixture() {
    static const tenant::Tenant t = [] {
        tenant::Tenant x;
        x.slug = "alpha";
        x.keys.push_back({"k2", std::string(32, 'b'), 1700000000, 0});
        x.keys.push_back({"k1", std::string(32, 'a'), 1690000000, 1699999990});
        return x;
    }();
    return t;
}

std::optional<token::Claims> verify(std::string_view token) {
    static const util::ManualClock clock(1700000000000);
    static const token::AccessTokens tokens(clock);
    auto claims = token::Jwt::verifyHs256(token, [](const std::string& kid) -> const std::string* {
        for (const auto& k : fixture().keys)
            if (k.kid == kid) return &k.secret;
        return nullptr;
    });
    (void)tokens.verify(fixture(), token);
    return claims;
}

void sameAsPoco(std::string_view header, std::string_view payload, const token::Claims& c) {
    auto h = fuzz::pocoObject(header);
    auto p = fuzz::pocoObject(payload);
    if (fuzz::shapeOf(header).depth > fuzz::kPocoMaxDepth ||
        fuzz::shapeOf(payload).depth > fuzz::kPocoMaxDepth)
        return;
    if (!h || !p) std::abort();
    if (h->optValue<std::string>("alg", "") != "HS256" || !h->get("kid").isString()) std::abort();
    auto text = [&](const char* name, const std::string& ours) {
        if (p->has(name) ? p->getValue<std::string>(name) != ours : !ours.empty()) std::abort();
    };
    text("sub", c.sub);
    text("email", c.email);
    text("plan_id", c.planId);
    text("authority", c.authority);
    text("tid", c.tid);
    auto integer = [&](const char* name, const std::optional<std::int64_t>& ours) {
        if (p->has(name) != ours.has_value()) std::abort();
        if (ours && p->getValue<Poco::Int64>(name) != *ours) std::abort();
    };
    integer("exp", c.exp);
    integer("nbf", c.nbf);
    if (p->has("aud") != c.aud) std::abort();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    (void)verify(in);
    size_t nl = in.find('\n');
    if (nl == std::string_view::npos) return 0;
    std::string_view header = in.substr(0, nl), payload = in.substr(nl + 1);
    std::string signingInput =
        util::Base64Url::encode(header) + "." + util::Base64Url::encode(payload);
    for (const auto& k : fixture().keys) {
        auto claims =
            verify(signingInput + "." +
                   util::Base64Url::encode(util::Digest::hmacSha256(k.secret, signingInput)));
        if (claims) sameAsPoco(header, payload, *claims);
    }
    return 0;
}
