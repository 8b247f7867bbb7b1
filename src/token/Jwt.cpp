#include "token/Jwt.h"

#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include "util/Base64Url.h"
#include "util/Digest.h"

namespace ta::token {

std::string Jwt::signHs256(const std::string& kid, const std::string& key, const Poco::JSON::Object& claims) {
    Poco::JWT::Token t;
    t.setType("JWT");
    t.header().set("kid", kid);
    for (const auto& [name, value] : claims) t.payload().set(name, value);
    return Poco::JWT::Signer(key).sign(t, Poco::JWT::Signer::ALGO_HS256);
}

Poco::JSON::Object::Ptr Jwt::verifyHs256(std::string_view token, const KeyLookup& keyFor) {
    if (token.size() > kMaxLength) return nullptr;
    size_t d1 = token.find('.');
    size_t d2 = d1 == std::string_view::npos ? d1 : token.find('.', d1 + 1);
    if (d2 == std::string_view::npos || token.find('.', d2 + 1) != std::string_view::npos) return nullptr;
    try {
        Poco::JWT::Token parsed{std::string(token)};
        if (parsed.getAlgorithm() != "HS256") return nullptr;
        if (!parsed.header().has("kid") || !parsed.header().get("kid").isString()) return nullptr;
        const std::string* key = keyFor(parsed.header().getValue<std::string>("kid"));
        if (!key) return nullptr;
        auto signature = util::Base64Url::decode(token.substr(d2 + 1));
        if (!signature) return nullptr;
        std::string mac = util::Digest::hmacSha256(*key, token.substr(0, d2));
        if (!util::Digest::equal(mac, *signature)) return nullptr;
        return new Poco::JSON::Object(parsed.payload());
    } catch (...) {
        return nullptr;
    }
}

}  // namespace ta::token
