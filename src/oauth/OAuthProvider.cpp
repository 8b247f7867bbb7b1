#include "oauth/OAuthProvider.h"

#include <Poco/JSON/Parser.h>

namespace ta::oauth {

std::optional<std::string> OAuthProvider::optText(const Poco::JSON::Object::Ptr& o,
                                                  const char* key) {
    if (!o->has(key) || !o->get(key).isString()) return std::nullopt;
    std::string v = o->getValue<std::string>(key);
    if (v.empty()) return std::nullopt;
    return v;
}

std::string OAuthProvider::withQuery(const std::string& url, const ProviderHttp::Form& params) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") +
           ProviderHttp::formEncode(params);
}

std::pair<std::string, std::string> OAuthProvider::exchange(
    const std::string& tokenUrl, const ProviderHttp& http, const ProviderClient& c,
    const std::string& code, const std::string& redirectUri, const std::string& verifier) const {
    ProviderHttp::Form form{{"grant_type", "authorization_code"},
                            {"code", code},
                            {"client_id", c.clientId},
                            {"client_secret", c.clientSecret}};
    if (!redirectUri.empty()) form.emplace_back("redirect_uri", redirectUri);
    if (!verifier.empty()) form.emplace_back("code_verifier", verifier);
    ProviderReply reply = http.postForm(tokenUrl, form, {{"Accept", "application/json"}});
    // GitHub answers a refused code with 200 and {"error": ...}: the token decides.
    std::string token, type;
    try {
        auto o = Poco::JSON::Parser().parse(reply.body).extract<Poco::JSON::Object::Ptr>();
        if (o && o->has("access_token") && o->get("access_token").isString())
            token = o->getValue<std::string>("access_token");
        if (o && o->has("token_type") && o->get("token_type").isString())
            type = o->getValue<std::string>("token_type");
    } catch (...) {
        throw ProviderAnswer(std::string(label()) + " token endpoint answered " +
                             std::to_string(reply.status) + " with a body that is not JSON");
    }
    if (reply.status != 200 || token.empty())
        throw ProviderAnswer(std::string(label()) + " refused the code (status " +
                             std::to_string(reply.status) + ")");
    return {token, type.empty() ? "bearer" : type};
}

}  // namespace ta::oauth
