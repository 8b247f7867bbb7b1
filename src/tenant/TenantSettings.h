#pragma once
#include <Poco/JSON/Object.h>

#include <functional>
#include <string>
#include <vector>

namespace ta::tenant {

// A tenant's own settings (tenants.settings jsonb), in the shape of API.md's
// "Tenant settings". Every key has a default, so a new tenant needs none. One table
// in TenantSettings.cpp declares every key: its JSON path, kind and range drive
// loading, the admin API's GET, PATCH validation and the secret masking.
struct TenantSettings {
    int accessTokenTtl = 900;
    int refreshTokenTtl = 2592000;
    // A rotated refresh token presented again within this many seconds gets its
    // successor instead of revoking the family (two tabs refreshing at once); 0: never.
    int refreshReuseGraceSeconds = 0;
    static constexpr int kMaxRefreshReuseGrace = 60;
    // A refresh family (one login) refreshes for at most this many seconds after the login.
    int maxSessionAge = 7776000;
    int bcryptCost = 12;
    std::string twofaSetup = "ADMIN";  // or "ALL"
    int lockoutMaxFailures = 10;
    int lockoutWindowSeconds = 900;
    int lockoutLockSeconds = 900;
    std::string urlResetPassword;
    std::string urlVerifyEmail;
    std::string urlOauthSuccess;
    std::string smtpHost = "localhost";
    int smtpPort = 25;
    bool smtpStarttls = false;
    std::string smtpUsername;
    std::string smtpPassword;  // sealed (see Sealer); "" when unset
    std::string smtpFrom = "no-reply@example.com";
    std::string githubClientId;
    std::string githubClientSecret;  // sealed
    std::string githubRedirectUri;
    std::string githubAuthorizeUrl = "https://github.com/login/oauth/authorize";
    std::string githubTokenUrl = "https://github.com/login/oauth/access_token";
    std::string githubApiUrl = "https://api.github.com";
    std::string googleClientId;
    std::string googleClientSecret;  // sealed
    std::string googleRedirectUri;
    std::string googleAuthorizeUrl = "https://accounts.google.com/o/oauth2/v2/auth";
    std::string googleTokenUrl = "https://oauth2.googleapis.com/token";
    std::string googleUserinfoUrl = "https://openidconnect.googleapis.com/v1/userinfo";

    // What a secret setting's "********" in GET stands for.
    static constexpr const char* kMask = "********";

    // The stored column; a malformed or out-of-range value keeps its default, so a
    // bad row never takes the tenant down.
    static TenantSettings fromJson(const std::string& json);
    // The stored form: every key, secrets as sealed by the caller.
    std::string toStoredJson() const;
    // The paths of the secret settings ("smtp.password"), whose stored values are sealed.
    static std::vector<std::string> secretPaths();
    // The admin API's GET: secrets "********" when set, "" when not.
    Poco::JSON::Object::Ptr toPublicJson() const;

    // Seals a secret's plain text for storage; given the setting's path ("smtp.password").
    using Sealer = std::function<std::string(const std::string& path, const std::string& plain)>;
    // These settings with `patch` merged in (API.md PATCH semantics). Unknown keys,
    // wrong types and out-of-range values: Refusal Invalid naming the key. A secret
    // given as "********" stays as it was; "" clears it. `changed` gets the paths
    // whose value changed. `development` allows bcryptCost below 10.
    TenantSettings patched(const Poco::JSON::Object& patch, bool development, const Sealer& seal,
                           std::vector<std::string>& changed) const;
};

}  // namespace ta::tenant
