#include "oauth/GoogleProvider.h"

#include <Poco/JSON/Parser.h>

namespace ta::oauth {

std::string GoogleProvider::authorizeUrl(const tenant::TenantSettings& s, const ProviderClient& c,
                                         const AuthorizeRequest& r) const {
    return withQuery(s.googleAuthorizeUrl, {{"response_type", "code"},
                                            {"client_id", c.clientId},
                                            {"redirect_uri", c.redirectUri},
                                            {"scope", "openid email profile"},
                                            {"state", r.state},
                                            {"code_challenge", r.codeChallenge},
                                            {"code_challenge_method", "S256"}});
}

ProviderProfile GoogleProvider::parse(const std::string& json) {
    ProviderProfile p;
    try {
        auto o = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        if (!o) throw ProviderAnswer("Google userinfo is not an object");
        auto sub = optText(o, "sub");
        if (!sub) throw ProviderAnswer("Google userinfo has no sub");
        p.id = *sub;
        p.email = optText(o, "email").value_or("");
        // Some Google endpoints give the flag as the string "true".
        if (o->has("email_verified")) {
            auto v = o->get("email_verified");
            p.emailVerified = (v.isBoolean() && v.convert<bool>()) ||
                              (v.isString() && v.convert<std::string>() == "true");
        }
        p.emailVerified = p.emailVerified && !p.email.empty();
        p.name = optText(o, "name");
        p.avatarUrl = optText(o, "picture");
    } catch (const ProviderAnswer&) {
        throw;
    } catch (const std::exception&) {
        throw ProviderAnswer("Google userinfo is not the expected JSON");
    }
    return p;
}

ProviderProfile GoogleProvider::profile(const tenant::TenantSettings& s, const ProviderHttp& http,
                                        const std::string& accessToken) const {
    ProviderReply r = http.get(s.googleUserinfoUrl, {{"Authorization", "Bearer " + accessToken},
                                                     {"Accept", "application/json"}});
    if (r.status != 200)
        throw ProviderAnswer("Google userinfo answered " + std::to_string(r.status));
    return parse(r.body);
}

}  // namespace ta::oauth
