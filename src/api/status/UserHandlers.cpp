#include "api/UserViews.h"
#include "api/status/Handlers.h"
#include "http/ApiError.h"
#include "http/JsonBody.h"
#include "util/JsonWriter.h"

namespace ta::api::status {

using http::ApiError;
using http::ErrorCode;

namespace {
http::Response jsonAnswer(util::JsonWriter& w) {
    http::Response r;
    r.body = w.take();
    return r;
}
}  // namespace

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
    util::JsonWriter w(1536);
    w.beginObject();
    w.key("username").string(s.user.username ? *s.user.username : s.user.email);
    w.key("email").string(s.user.email);
    w.key("authority").string(s.user.authority);
    w.key("accessToken").string(s.accessToken);
    w.key("refreshToken").string(s.refreshToken);
    w.key("nodeRedToken");
    if (nodeRed)
        w.string(nodeRedToken);
    else
        w.null();
    w.key("nodeRedAccess").boolean(nodeRed);
    w.endObject();
    http::Response r = jsonAnswer(w);
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
    util::JsonWriter w;
    w.beginObject().key("accessToken").string(s.accessToken).endObject();
    http::Response r = jsonAnswer(w);
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
    util::JsonWriter w;
    UserViews::whoami(w, c.user());
    return jsonAnswer(w);
}

http::Response header(Context& c) {
    if (c.req.authorization.empty())
        throw ApiError(ErrorCode::Unauthorized, "No authorization header provided");
    util::JsonWriter w;
    w.beginObject().key("authorizationHeader").string(c.req.authorization).endObject();
    return jsonAnswer(w);
}

}  // namespace ta::api::status
