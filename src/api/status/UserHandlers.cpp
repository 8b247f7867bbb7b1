#include "api/Bearer.h"
#include "api/UserViews.h"
#include "api/status/Handlers.h"
#include "api/status/Wording.h"
#include "http/ApiError.h"
#include "http/JsonBody.h"
#include "identity/AuthError.h"

namespace ta::api::status {

using http::ApiError;
using http::ErrorCode;

namespace {
bool nodeRedAccess(const identity::User& u) {
    return u.authority == "DEVELOPER" || u.authority == "ADMIN";
}

bool validUsername(const std::string& s) {
    if (s.empty() || s.size() > 64) return false;
    for (unsigned char ch : s)
        if (!std::isalnum(ch) && ch != '.' && ch != '_' && ch != '-') return false;
    return true;
}
}  // namespace

http::Response signIn(Context& c) {
    http::JsonBody body(c.req.body);
    identity::LoginAttempt a;
    a.login = body.requireString("username");
    a.password = body.requireString("password");
    a.totp = body.optionalString("totpToken");
    a.byUsername = true;
    identity::Session s;
    try {
        s = c.svc.accounts.login(c.t(), a);
    } catch (const identity::AuthError& e) {
        throw Wording::of(e);
    }
    const auto& t = c.t();
    bool nodeRed = nodeRedAccess(s.user);
    std::string nodeRedToken = nodeRed ? c.svc.tokens.issueNodeRed(t, s.user) : std::string();
    auto o = http::orderedObject();
    o->set("username", s.user.username ? *s.user.username : s.user.email);
    o->set("email", s.user.email);
    o->set("authority", s.user.authority);
    o->set("accessToken", s.accessToken);
    o->set("refreshToken", s.refreshToken);
    o->set("nodeRedToken", nodeRed ? Poco::Dynamic::Var(nodeRedToken) : Poco::Dynamic::Var());
    o->set("nodeRedAccess", nodeRed);
    http::Response r = http::Response::json(200, *o);
    auto cookies = c.svc.cookies();
    cookies.set(r, "accessToken", s.accessToken, t.settings.accessTokenTtl);
    cookies.set(r, "refreshToken", s.refreshToken, t.settings.refreshTokenTtl);
    if (nodeRed)
        cookies.set(r, "nodeRedToken", nodeRedToken, token::AccessTokens::kNodeRedLifetime);
    return r;
}

http::Response signUp(Context& c) {
    // The authority in the database, not the token's: a demoted admin loses it now.
    identity::User admin = Bearer::requireUser(c, true, "Unauthorized");
    if (admin.authority != "ADMIN")
        throw ApiError(ErrorCode::Forbidden, "Admin privileges required");
    http::JsonBody body(c.req.body);
    identity::NewUser nu;
    std::string username = body.requireString("username");
    std::string password = body.requireString("password");
    nu.email = body.requireString("email");
    nu.authority = body.optionalString("authority").value_or("USER");
    if (!validUsername(username))
        throw ApiError(ErrorCode::BadRequest,
                       "username must be 1 to 64 letters, digits, '.', '_' or '-'");
    nu.username = username;
    identity::User created;
    try {
        created = c.svc.accounts.createUser(c.t(), nu, password);
    } catch (const identity::AuthError& e) {
        throw Wording::of(e);
    }
    return http::Response::text(
        201, "message",
        "User " + username + " created successfully with authority " + created.authority);
}

http::Response refresh(Context& c) {
    std::string token = c.req.cookie("refreshToken");
    if (token.empty()) throw ApiError(ErrorCode::BadRequest, "No refresh token provided");
    identity::Session s;
    try {
        s = c.svc.accounts.refresh(c.t(), token);
    } catch (const identity::AuthError&) {
        throw ApiError(ErrorCode::Forbidden, "Invalid or expired refresh token");
    }
    auto o = http::orderedObject();
    o->set("accessToken", s.accessToken);
    http::Response r = http::Response::json(200, *o);
    auto cookies = c.svc.cookies();
    cookies.set(r, "accessToken", s.accessToken, c.t().settings.accessTokenTtl);
    cookies.set(r, "refreshToken", s.refreshToken, c.t().settings.refreshTokenTtl);
    return r;
}

http::Response signOut(Context& c) {
    std::string token = c.req.cookie("refreshToken");
    if (token.empty()) throw ApiError(ErrorCode::BadRequest, "No refresh token provided");
    auto userId = c.svc.accounts.signOut(c.t(), token);
    http::Response r =
        userId ? http::Response::noContent()
               : http::Response::text(404, "message", "No user found for provided refresh token");
    auto cookies = c.svc.cookies();
    for (const char* name : {"accessToken", "refreshToken", "nodeRedToken"}) cookies.clear(r, name);
    return r;
}

http::Response whoami(Context& c) {
    identity::User u = Bearer::requireUser(c, true, "Unauthorized: Invalid token",
                                           ErrorCode::NotFound, "User not found");
    return http::Response::json(200, *UserViews::whoami(u));
}

http::Response header(Context& c) {
    if (c.req.authorization.empty())
        throw ApiError(ErrorCode::Unauthorized, "No authorization header provided");
    auto o = http::orderedObject();
    o->set("authorizationHeader", c.req.authorization);
    return http::Response::json(200, *o);
}

}  // namespace ta::api::status
