#include "api/Routes.h"

#include "api/admin/Handlers.h"
#include "api/opensight/Handlers.h"
#include "api/ops/Handlers.h"
#include "api/status/Handlers.h"

namespace ta::api {

namespace {
constexpr const char* kNoKeysForKeys = "API keys cannot manage API keys";
constexpr const char* kNoKeysForCredentials = "API keys cannot change credentials";

// Who may call: anyone; a user by access token or API key; only by access token
// (a key gets 403); an ADMIN of the tenant by token or key.
const Policy kPublic{};
const Policy kUser{Access::User};
const Policy kUserNoKey{Access::User, kNoKeysForKeys};
const Policy kAdmin{Access::Admin};
// The /api/v1 family also takes the accessToken cookie and words 401 its own way.
const Policy kV1User{Access::User, nullptr, true};
const Policy kV1Whoami{Access::User, nullptr, true, "Unauthorized: Invalid token", true};
const Policy kV1UserNoKey{Access::User, kNoKeysForCredentials, true};
const Policy kV1Admin{Access::Admin, nullptr, true};
const Policy kOperator{Access::Operator};
}  // namespace

http::Router<Endpoint> buildRoutes() {
    http::Router<Endpoint> r;
    const http::RouteOptions json{true, true};
    const http::RouteOptions plain{false, true};
    const http::RouteOptions anyTenant{false, false};
    // Cookie-authenticated state changes (sessions, 2FA): same origin only.
    const http::RouteOptions jsonOwnSite{true, true, true};
    const http::RouteOptions plainOwnSite{false, true, true};

    r.add("GET", "/api/health", {ops::health, kPublic}, anyTenant);
    r.add("GET", "/api/metrics", {ops::metrics, kOperator}, anyTenant);

    r.add("POST", "/api/auth/register", {opensight::registerUser, kPublic}, json);
    r.add("POST", "/api/auth/login", {opensight::login, kPublic, true}, json);
    r.add("POST", "/api/auth/refresh", {opensight::refresh, kPublic}, plainOwnSite);
    r.add("POST", "/api/auth/logout", {opensight::logout, kUser}, plainOwnSite);
    r.add("GET", "/api/users/me", {opensight::me, kUser}, plain);
    r.add("POST", "/api/api-keys", {opensight::createApiKey, kUserNoKey}, json);
    r.add("GET", "/api/api-keys", {opensight::listApiKeys, kUserNoKey}, plain);
    r.add("DELETE", "/api/api-keys/{id}", {opensight::revokeApiKey, kUserNoKey}, plain);
    r.add("POST", "/api/auth/forgot-password", {opensight::forgotPassword, kPublic}, json);
    r.add("POST", "/api/auth/reset-password", {opensight::resetPassword, kPublic}, json);
    r.add("POST", "/api/auth/verify-email", {opensight::verifyEmail, kPublic}, json);
    r.add("GET", "/api/auth/github", {opensight::githubStart, kPublic}, plain);
    r.add("GET", "/api/auth/github/callback", {opensight::githubCallback, kPublic}, plain);
    r.add("GET", "/api/auth/google", {opensight::googleStart, kPublic}, plain);
    r.add("GET", "/api/auth/google/callback", {opensight::googleCallback, kPublic}, plain);
    r.add("POST", "/api/auth/google/token", {opensight::googleToken, kPublic}, json);
    r.add("POST", "/api/auth/oauth/2fa", {opensight::oauthTwoFactor, kPublic}, json);

    r.add("GET", "/api/admin/plans", {admin::listPlans, kAdmin}, plain);
    r.add("PUT", "/api/admin/plans/{id}", {admin::putPlan, kAdmin}, json);
    r.add("DELETE", "/api/admin/plans/{id}", {admin::deletePlan, kAdmin}, plain);
    r.add("GET", "/api/admin/users", {admin::listUsers, kAdmin}, plain);
    r.add("PATCH", "/api/admin/users/{id}", {admin::patchUser, kAdmin}, json);
    r.add("GET", "/api/admin/settings", {admin::getSettings, kAdmin}, plain);
    r.add("PATCH", "/api/admin/settings", {admin::patchSettings, kAdmin}, json);
    r.add("GET", "/api/admin/audit", {admin::listAudit, kAdmin}, plain);

    r.add("POST", "/api/v1/users/signIn", {status::signIn, kPublic, true}, json);
    r.add("POST", "/api/v1/users/signUp", {status::signUp, kV1Admin}, json);
    r.add("GET", "/api/v1/users/auth/refresh", {status::refresh, kPublic}, plainOwnSite);
    r.add("GET", "/api/v1/users/signOut", {status::signOut, kPublic}, plainOwnSite);
    r.add("GET", "/api/v1/users/whoami", {status::whoami, kV1Whoami}, plain);
    r.add("GET", "/api/v1/header", {status::header, kPublic}, plain);
    r.add("GET", "/api/v1/github/auth", {status::githubAuth, kPublic}, plain);
    r.add("POST", "/api/v1/users/2fa/setup", {status::twofaSetup, kV1UserNoKey}, plainOwnSite);
    r.add("POST", "/api/v1/users/2fa/verify", {status::twofaVerify, kV1UserNoKey}, jsonOwnSite);
    r.add("GET", "/api/v1/users/2fa/status", {status::twofaStatus, kV1User}, plain);
    r.add("POST", "/api/v1/users/2fa/disable", {status::twofaDisable, kV1UserNoKey}, jsonOwnSite);
    return r;
}

const std::vector<metrics::RouteLabel>& routeLabels() {
    static const std::vector<metrics::RouteLabel> labels = [] {
        std::vector<metrics::RouteLabel> out;
        buildRoutes().forEach([&](int, const std::string& method, const std::string& pattern) {
            out.push_back({method, pattern});
        });
        return out;
    }();
    return labels;
}

}  // namespace ta::api
