#include "api/opensight/Handlers.h"
#include "http/JsonBody.h"

// Password reset and email verification (API.md: forgot-password, reset-password,
// verify-email). The mail itself goes out later, from the outbox.
namespace ta::api::opensight {

http::Response forgotPassword(Context& c) {
    http::JsonBody body(c.req.body);
    std::string email = body.requireString("email");
    c.svc.passwordReset.request(c.t(), email, c.origin());
    return http::Response::text(
        200, "message",
        "If an account exists for this email, a password reset link has been sent.");
}

http::Response resetPassword(Context& c) {
    http::JsonBody body(c.req.body);
    std::string token = body.requireString("token");
    std::string password = body.requireString("password");
    c.svc.passwordReset.reset(c.t(), token, password, c.origin());
    return http::Response::text(200, "message", "Password has been reset");
}

http::Response verifyEmail(Context& c) {
    http::JsonBody body(c.req.body);
    std::string token = body.requireString("token");
    c.svc.verification.verify(c.t(), token, c.origin());
    return http::Response::text(200, "message", "Email has been verified");
}

}  // namespace ta::api::opensight
