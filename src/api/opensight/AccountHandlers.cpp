#include "api/UserViews.h"
#include "api/opensight/Handlers.h"
#include "http/JsonBody.h"
#include "util/JsonWriter.h"

namespace ta::api::opensight {

namespace {
const char* kRefreshCookie = "refresh_token";

http::Response jsonAnswer(int status, util::JsonWriter& w) {
    http::Response r;
    r.status = status;
    r.body = w.take();
    return r;
}
}  // namespace

http::Response sessionAnswer(Context& c, int status, const account::Session& s) {
    util::JsonWriter w(1024);
    w.beginObject().key("user");
    UserViews::openSight(w, s.user);
    w.key("accessToken").string(s.accessToken).endObject();
    http::Response r = jsonAnswer(status, w);
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
    util::JsonWriter w;
    w.beginObject().key("accessToken").string(s.accessToken).endObject();
    http::Response r = jsonAnswer(200, w);
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
    util::JsonWriter w;
    w.beginObject().key("user");
    UserViews::openSight(w, c.user());
    w.endObject();
    return jsonAnswer(200, w);
}

}  // namespace ta::api::opensight
