#include "api/UserViews.h"
#include "api/status/Handlers.h"
#include "http/ApiError.h"
#include "http/JsonBody.h"

namespace ta::api::status {

using http::ApiError;
using http::ErrorCode;

http::Response signIn(Context& c) {
    http::JsonBody body(c.req.body);
    account::LoginAttempt a;
    a.login = body.requireString("username");
    a.password = body.requireString("password");
    a.totp = body.optionalString("totpToken");
    a.byUsername = true;
    a.origin = c.origin();
    account::Session s = c.svc.accounts.login(c.t(), a);
    const auto& t = c.t();
    bool nodeRed = s.user.nodeRedAccess();
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
    http::JsonBody body(c.req.body);
    identity::NewUser nu;
    std::string username = body.requireString("username");
    std::string password = body.requireString("password");
    nu.email = body.requireString("email");
    nu.authority = body.optionalString("authority").value_or("USER");
    nu.username = username;
    identity::User created = c.svc.accounts.createUser(c.t(), nu, password);
    return http::Response::text(
        201, "message",
        "User " + username + " created successfully with authority " + created.authority);
}

http::Response refresh(Context& c) {
    std::string token = c.req.cookie("refreshToken");
    if (token.empty()) throw ApiError(ErrorCode::BadRequest, "No refresh token provided");
    account::Session s = c.svc.accounts.refresh(c.t(), token, c.origin());
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
    auto userId = c.svc.accounts.signOut(c.t(), token, c.origin());
    http::Response r =
        userId ? http::Response::noContent()
               : http::Response::text(404, "message", "No user found for provided refresh token");
    auto cookies = c.svc.cookies();
    for (const char* name : {"accessToken", "refreshToken", "nodeRedToken"}) cookies.clear(r, name);
    return r;
}

http::Response whoami(Context& c) {
    return http::Response::json(200, *UserViews::whoami(c.user()));
}

http::Response header(Context& c) {
    if (c.req.authorization.empty())
        throw ApiError(ErrorCode::Unauthorized, "No authorization header provided");
    auto o = http::orderedObject();
    o->set("authorizationHeader", c.req.authorization);
    return http::Response::json(200, *o);
}

}  // namespace ta::api::status
