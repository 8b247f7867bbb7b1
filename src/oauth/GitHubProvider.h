#pragma once
#include "oauth/OAuthProvider.h"

namespace ta::oauth {

// GitHub OAuth apps: authorize with scope read:user user:email (and PKCE S256, which
// GitHub accepts); the profile from {apiUrl}/user and the primary verified address
// from {apiUrl}/user/emails.
class GitHubProvider final : public OAuthProvider {
public:
    const char* id() const override { return "github"; }
    const char* label() const override { return "GitHub"; }
    ProviderClient registration(const tenant::TenantSettings& s) const override {
        return {s.githubClientId, s.githubClientSecret, s.githubRedirectUri};
    }
    std::string authorizeUrl(const tenant::TenantSettings& s, const ProviderClient& c,
                             const AuthorizeRequest& r) const override;
    std::string tokenUrl(const tenant::TenantSettings& s) const override {
        return s.githubTokenUrl;
    }
    ProviderProfile profile(const tenant::TenantSettings& s, const ProviderHttp& http,
                            const std::string& accessToken) const override;

    // The profile from the two answers' bodies; ProviderAnswer when they do not
    // describe a user. The email is the primary one; verified as GitHub says.
    static ProviderProfile parse(const std::string& userJson, const std::string& emailsJson);
};

}  // namespace ta::oauth
