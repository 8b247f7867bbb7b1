#include "api/opensight/Handlers.h"
#include "http/JsonBody.h"

namespace ta::api::opensight {

namespace {
// Binds an authorization request to the browser that started it; HttpOnly, lives as
// long as the state.
std::string stateCookie(const oauth::OAuthProvider& p) {
    return std::string("oauth_state_") + p.id();
}
// A provider login of a 2FA user waiting for its code.
const char* kPendingCookie = "oauth_2fa";
// The web flow's redirect URI for codes from Google's JavaScript popup client.
const char* kPostMessage = "postmessage";

http::Response start(Context& c, const oauth::OAuthProvider& p) {
    oauth::OAuthLogin::Start s = c.svc.oauth.start(c.t(), p);
    http::Response r;
    r.status = 302;
    r.contentType.clear();
    r.addHeader("Location", s.location);
    c.svc.cookies().set(r, stateCookie(p), s.browserSecret, oauth::OAuthLogin::kStateSeconds);
    return r;
}

std::string withParam(const std::string& url, const std::string& param) {
    return url + (url.find('?') == std::string::npos ? "?" : "&") + param;
}

// A session: 302 to urls.oauthSuccess (the page gets its access token from
// /api/auth/refresh) or, unset, login's JSON. A 2FA user: the pending cookie, then
// 302 to urls.oauthSuccess?twofa=required or 401 "2FA token required".
http::Response answer(Context& c, const oauth::OAuthLogin::Outcome& o, bool redirect) {
    const std::string& success = c.t().settings.urlOauthSuccess;
    redirect = redirect && !success.empty();
    http::Response r;
    if (o.session) {
        r = sessionAnswer(c, 200, *o.session);
        if (redirect) {
            r.status = 302;
            r.body.clear();
            r.contentType.clear();
            r.addHeader("Location", success);
        }
    } else {
        r = redirect ? http::Response() : http::Response::text(401, "error", "2FA token required");
        if (redirect) {
            r.status = 302;
            r.contentType.clear();
            r.addHeader("Location", withParam(success, "twofa=required"));
        }
        c.svc.cookies().set(r, kPendingCookie, o.pendingTicket, oauth::OAuthLogin::kPendingSeconds);
    }
    return r;
}

http::Response callback(Context& c, const oauth::OAuthProvider& p) {
    auto o =
        c.svc.oauth.finish(c.t(), p, c.req.queryParam("state"), c.req.queryParam("code"),
                           c.req.queryParam("error"), c.req.cookie(stateCookie(p)), c.origin());
    http::Response r = answer(c, o, true);
    c.svc.cookies().clear(r, stateCookie(p));
    return r;
}
}  // namespace

http::Response githubStart(Context& c) { return start(c, c.svc.oauth.github()); }
http::Response googleStart(Context& c) { return start(c, c.svc.oauth.google()); }
http::Response githubCallback(Context& c) { return callback(c, c.svc.oauth.github()); }
http::Response googleCallback(Context& c) { return callback(c, c.svc.oauth.google()); }

http::Response googleToken(Context& c) {
    http::JsonBody body(c.req.body);
    std::string code = body.requireString("code");
    std::string redirectUri = body.optionalString("redirect_uri").value_or(kPostMessage);
    auto o =
        c.svc.oauth.exchangeWebCode(c.t(), c.svc.oauth.google(), code, redirectUri, c.origin());
    return answer(c, o, false);
}

http::Response oauthTwoFactor(Context& c) {
    http::JsonBody body(c.req.body);
    auto code = body.optionalString("totpToken");
    account::Session s =
        c.svc.oauth.completeTwoFactor(c.t(), c.req.cookie(kPendingCookie), code, c.origin());
    http::Response r = sessionAnswer(c, 200, s);
    c.svc.cookies().clear(r, kPendingCookie);
    return r;
}

}  // namespace ta::api::opensight
