#include "token/Jwt.h"

#include "token/ClaimsWriter.h"
#include "util/Base64Url.h"
#include "util/Digest.h"
#include "util/JsonScan.h"

namespace ta::token {

std::string Jwt::signHs256(std::string_view kid, std::string_view key, std::string_view claims) {
    // Poco's order (its header object sorted its keys); typ is JWT as before.
    std::string header =
        ClaimsWriter().add("alg", "HS256").add("kid", kid).add("typ", "JWT").json();
    std::string token = util::Base64Url::encode(header);
    token += '.';
    token += util::Base64Url::encode(claims);
    unsigned char mac[32];
    util::Digest::hmacSha256(key, token, mac);
    token += '.';
    token +=
        util::Base64Url::encode(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac));
    return token;
}

std::optional<Claims> Jwt::verifyHs256(std::string_view token, const KeyLookup& keyFor) {
    if (token.size() > kMaxLength) return std::nullopt;
    std::size_t d1 = token.find('.');
    std::size_t d2 = d1 == std::string_view::npos ? d1 : token.find('.', d1 + 1);
    if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos)
        return std::nullopt;
    // Per-thread buffers: no allocation per request once they have grown.
    thread_local std::string decoded, kid;
    thread_local util::JsonScan scan;

    if (!util::Base64Url::decode(token.substr(0, d1), decoded)) return std::nullopt;
    bool hs256 = false, hasKid = false;
    bool header = scan.object(decoded, [&](std::string_view k, const util::JsonScan::Value& v) {
        using Kind = util::JsonScan::Kind;
        if (k == "alg") hs256 = v.kind == Kind::String && v.string == "HS256";
        if (k == "kid" && v.kind == Kind::String) {
            kid.assign(v.string);
            hasKid = true;
        }
        return true;
    });
    if (!header || !hs256 || !hasKid) return std::nullopt;
    const std::string* key = keyFor(kid);
    if (!key) return std::nullopt;

    if (!util::Base64Url::decode(token.substr(d2 + 1), decoded) || decoded.size() != 32)
        return std::nullopt;
    unsigned char mac[32];
    util::Digest::hmacSha256(*key, token.substr(0, d2), mac);
    if (!util::Digest::equal(std::string_view(reinterpret_cast<const char*>(mac), sizeof mac),
                             decoded))
        return std::nullopt;

    if (!util::Base64Url::decode(token.substr(d1 + 1, d2 - d1 - 1), decoded)) return std::nullopt;
    return Claims::parse(decoded);
}

}  // namespace ta::token
