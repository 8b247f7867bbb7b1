#pragma once
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <utility>

#include "oauth/ProviderHttp.h"
#include "tenant/TenantSettings.h"

namespace ta::oauth {

// A provider account as the provider describes it.
struct ProviderProfile {
    std::string id;     // the provider's stable user id
    std::string email;  // "" when the provider gave none
    bool emailVerified = false;
    std::optional<std::string> name;
    std::optional<std::string> avatarUrl;
};

// One tenant's client registration at a provider (from its settings, secret unsealed).
struct ProviderClient {
    std::string clientId;
    std::string clientSecret;
    std::string redirectUri;
    bool configured() const {
        return !clientId.empty() && !clientSecret.empty() && !redirectUri.empty();
    }
};

// What the authorize redirect carries.
struct AuthorizeRequest {
    std::string state;
    std::string codeChallenge;  // S256
};

// One OAuth 2.0 provider strategy (GitHub, Google): its endpoints from the tenant's
// settings, the authorize URL, the code exchange and the profile read. Provider
// failures (down, slow, refusing, garbage) throw ProviderHttp::Failure or
// ProviderAnswer; OAuthLogin turns both into a 502 refusal.
class OAuthProvider {
public:
    struct ProviderAnswer : ProviderHttp::Failure {
        using Failure::Failure;
    };

    virtual ~OAuthProvider() = default;
    virtual const char* id() const = 0;     // "github", "google"
    virtual const char* label() const = 0;  // "GitHub", "Google"
    // The tenant's client registration, the secret as stored (sealed).
    virtual ProviderClient registration(const tenant::TenantSettings& s) const = 0;
    virtual std::string authorizeUrl(const tenant::TenantSettings& s, const ProviderClient& c,
                                     const AuthorizeRequest& r) const = 0;
    virtual std::string tokenUrl(const tenant::TenantSettings& s) const = 0;
    // The profile behind a provider access token.
    virtual ProviderProfile profile(const tenant::TenantSettings& s, const ProviderHttp& http,
                                    const std::string& accessToken) const = 0;

    // The code exchange (RFC 6749 4.1.3, with the PKCE verifier when given, and the
    // redirect URI when not empty). Returns the token response's access_token and
    // token_type.
    std::pair<std::string, std::string> exchange(const std::string& tokenUrl,
                                                 const ProviderHttp& http, const ProviderClient& c,
                                                 const std::string& code,
                                                 const std::string& redirectUri,
                                                 const std::string& verifier) const;

    // authorizeUrl + '?' or '&' + the form-encoded parameters.
    static std::string withQuery(const std::string& url, const ProviderHttp::Form& params);
    // A non-empty string member of a provider's JSON answer, else nullopt.
    static std::optional<std::string> optText(const Poco::JSON::Object::Ptr& o, const char* key);
};

}  // namespace ta::oauth
