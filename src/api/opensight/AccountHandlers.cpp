#include "api/Bearer.h"
#include "api/UserViews.h"
#include "api/opensight/Handlers.h"
#include "http/ApiError.h"
#include "http/JsonBody.h"
#include "identity/AuthError.h"

namespace ta::api::opensight {

using http::ApiError;
using http::ErrorCode;
using identity::AuthFailure;

namespace {
const char* kRefreshCookie = "refresh_token";

ApiError wordingOf(const identity::AuthError& e) {
    switch (e.reason()) {
        case AuthFailure::BadCredentials: return ApiError(ErrorCode::Unauthorized, "Invalid email or password");
        case AuthFailure::TotpRequired: return ApiError(ErrorCode::Unauthorized, "2FA token required");
        case AuthFailure::TotpInvalid: return ApiError(ErrorCode::Unauthorized, "Invalid 2FA token");
        case AuthFailure::InvalidRefresh: return ApiError(ErrorCode::Unauthorized, "Invalid refresh token");
        case AuthFailure::EmailTaken: return ApiError(ErrorCode::Conflict, "Email already registered");
        case AuthFailure::UsernameTaken: return ApiError(ErrorCode::Conflict, "Username already exists");
    }
    return ApiError(ErrorCode::Unauthorized, "Unauthorized");
}

http::Response sessionAnswer(Context& c, int status, const identity::Session& s) {
    auto body = http::orderedObject();
    body->set("user", UserViews::openSight(s.user));
    body->set("accessToken", s.accessToken);
    http::Response r = http::Response::json(status, *body);
    c.svc.cookies().set(r, kRefreshCookie, s.refreshToken, c.t().settings.refreshTokenTtl);
    return r;
}
}  // namespace

http::Response registerUser(Context& c) {
    http::JsonBody body(c.req.body);
    std::string email = body.requireString("email");
    std::string password = body.requireString("password");
    auto fullName = body.optionalString("full_name");
    try {
        return sessionAnswer(c, 201, c.svc.accounts.registerUser(c.t(), email, password, fullName));
    } catch (const identity::AuthError& e) {
        throw wordingOf(e);
    }
}

http::Response login(Context& c) {
    http::JsonBody body(c.req.body);
    identity::LoginAttempt a;
    a.login = body.requireString("email");
    a.password = body.requireString("password");
    a.totp = body.optionalString("totpToken");
    try {
        return sessionAnswer(c, 200, c.svc.accounts.login(c.t(), a));
    } catch (const identity::AuthError& e) {
        throw wordingOf(e);
    }
}

http::Response refresh(Context& c) {
    try {
        identity::Session s = c.svc.accounts.refresh(c.t(), c.req.cookie(kRefreshCookie));
        auto body = http::orderedObject();
        body->set("accessToken", s.accessToken);
        http::Response r = http::Response::json(200, *body);
        c.svc.cookies().set(r, kRefreshCookie, s.refreshToken, c.t().settings.refreshTokenTtl);
        return r;
    } catch (const identity::AuthError& e) {
        throw wordingOf(e);
    }
}

http::Response logout(Context& c) {
    token::AccessClaims who = Bearer::require(c, false, "Unauthorized");
    c.svc.accounts.logout(c.t(), who.userId, c.req.cookie(kRefreshCookie));
    http::Response r = http::Response::text(200, "message", "Logged out successfully");
    c.svc.cookies().clear(r, kRefreshCookie);
    return r;
}

http::Response me(Context& c) {
    identity::User u = Bearer::requireUser(c, false, "Unauthorized");
    auto body = http::orderedObject();
    body->set("user", UserViews::openSight(u));
    return http::Response::json(200, *body);
}

}  // namespace ta::api::opensight
