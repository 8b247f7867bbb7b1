#pragma once
#include "oauth/OAuthProvider.h"

namespace ta::oauth {

// Google (OpenID Connect): authorize with scope "openid email profile" and PKCE S256;
// the profile from the userinfo endpoint, email_verified as Google states it.
class GoogleProvider final : public OAuthProvider {
public:
    const char* id() const override { return "google"; }
    const char* label() const override { return "Google"; }
    ProviderClient registration(const tenant::TenantSettings& s) const override {
        return {s.googleClientId, s.googleClientSecret, s.googleRedirectUri};
    }
    std::string authorizeUrl(const tenant::TenantSettings& s, const ProviderClient& c,
                             const AuthorizeRequest& r) const override;
    std::string tokenUrl(const tenant::TenantSettings& s) const override {
        return s.googleTokenUrl;
    }
    ProviderProfile profile(const tenant::TenantSettings& s, const ProviderHttp& http,
                            const std::string& accessToken) const override;

    // The profile from a userinfo body; ProviderAnswer when it has no `sub`.
    static ProviderProfile parse(const std::string& userinfoJson);
};

}  // namespace ta::oauth
