#include "oauth/GitHubProvider.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace ta::oauth {

std::string GitHubProvider::authorizeUrl(const tenant::TenantSettings& s, const ProviderClient& c,
                                         const AuthorizeRequest& r) const {
    return withQuery(s.githubAuthorizeUrl, {{"client_id", c.clientId},
                                            {"redirect_uri", c.redirectUri},
                                            {"scope", "read:user user:email"},
                                            {"state", r.state},
                                            {"code_challenge", r.codeChallenge},
                                            {"code_challenge_method", "S256"},
                                            {"allow_signup", "true"}});
}

ProviderProfile GitHubProvider::parse(const std::string& userJson, const std::string& emailsJson) {
    ProviderProfile p;
    try {
        auto user = Poco::JSON::Parser().parse(userJson).extract<Poco::JSON::Object::Ptr>();
        if (!user || !user->has("id") || !user->get("id").isInteger())
            throw ProviderAnswer("GitHub /user has no numeric id");
        p.id = std::to_string(user->getValue<long long>("id"));
        p.name = optText(user, "name");
        if (!p.name) p.name = optText(user, "login");
        p.avatarUrl = optText(user, "avatar_url");
        auto emails = Poco::JSON::Parser().parse(emailsJson).extract<Poco::JSON::Array::Ptr>();
        if (!emails) throw ProviderAnswer("GitHub /user/emails is not a list");
        for (std::size_t i = 0; i < emails->size(); ++i) {
            auto e = emails->getObject(static_cast<unsigned>(i));
            if (!e || !e->has("primary") || !e->get("primary").isBoolean() ||
                !e->getValue<bool>("primary"))
                continue;
            p.email = optText(e, "email").value_or("");
            p.emailVerified = e->has("verified") && e->get("verified").isBoolean() &&
                              e->getValue<bool>("verified") && !p.email.empty();
        }
    } catch (const ProviderAnswer&) {
        throw;
    } catch (const std::exception&) {
        throw ProviderAnswer("GitHub user answer is not the expected JSON");
    }
    return p;
}

ProviderProfile GitHubProvider::profile(const tenant::TenantSettings& s, const ProviderHttp& http,
                                        const std::string& accessToken) const {
    std::string api = s.githubApiUrl;
    while (!api.empty() && api.back() == '/') api.pop_back();
    ProviderHttp::Headers h{{"Authorization", "Bearer " + accessToken},
                            {"Accept", "application/vnd.github+json"}};
    ProviderReply user = http.get(api + "/user", h);
    if (user.status != 200)
        throw ProviderAnswer("GitHub /user answered " + std::to_string(user.status));
    ProviderReply emails = http.get(api + "/user/emails", h);
    if (emails.status != 200)
        throw ProviderAnswer("GitHub /user/emails answered " + std::to_string(emails.status));
    return parse(user.body, emails.body);
}

}  // namespace ta::oauth
