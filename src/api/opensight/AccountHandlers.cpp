#include "api/UserViews.h"
#include "api/opensight/Handlers.h"
#include "http/JsonBody.h"

namespace ta::api::opensight {

namespace {
const char* kRefreshCookie = "refresh_token";
}  // namespace

http::Response sessionAnswer(Context& c, int status, const account::Session& s) {
    auto body = http::orderedObject();
    body->set("user", UserViews::openSight(s.user));
    body->set("accessToken", s.accessToken);
    http::Response r = http::Response::json(status, *body);
    c.svc.cookies().set(r, kRefreshCookie, s.refreshToken, c.t().settings.refreshTokenTtl);
    return r;
}

http::Response registerUser(Context& c) {
    http::JsonBody body(c.req.body);
    std::string email = body.requireString("email");
    std::string password = body.requireString("password");
    auto fullName = body.optionalString("full_name");
    return sessionAnswer(c, 201, c.svc.accounts.registerUser(c.t(), email, password, fullName));
}

http::Response login(Context& c) {
    http::JsonBody body(c.req.body);
    account::LoginAttempt a;
    a.login = body.requireString("email");
    a.password = body.requireString("password");
    a.totp = body.optionalString("totpToken");
    a.origin = c.origin();
    return sessionAnswer(c, 200, c.svc.accounts.login(c.t(), a));
}

http::Response refresh(Context& c) {
    account::Session s = c.svc.accounts.refresh(c.t(), c.req.cookie(kRefreshCookie), c.origin());
    auto body = http::orderedObject();
    body->set("accessToken", s.accessToken);
    http::Response r = http::Response::json(200, *body);
    c.svc.cookies().set(r, kRefreshCookie, s.refreshToken, c.t().settings.refreshTokenTtl);
    return r;
}

http::Response logout(Context& c) {
    c.svc.accounts.logout(c.t(), c.user().id, c.req.cookie(kRefreshCookie), c.origin());
    http::Response r = http::Response::text(200, "message", "Logged out successfully");
    c.svc.cookies().clear(r, kRefreshCookie);
    return r;
}

http::Response me(Context& c) {
    auto body = http::orderedObject();
    body->set("user", UserViews::openSight(c.user()));
    return http::Response::json(200, *body);
}

}  // namespace ta::api::opensight
