#include <Poco/JSON/Array.h>

#include "api/Bearer.h"
#include "api/status/Handlers.h"
#include "http/ApiError.h"
#include "http/JsonBody.h"

namespace ta::api::status {

using http::ApiError;
using http::ErrorCode;

namespace {
void requireEnrolmentRight(Context& c, const identity::User& u) {
    if (c.t().settings.twofaSetup != "ALL" && u.authority != "ADMIN")
        throw ApiError(ErrorCode::Forbidden, "Admin privileges required");
}
}  // namespace

http::Response twofaSetup(Context& c) {
    identity::User u = Bearer::requireUser(c, true, "Unauthorized");
    requireEnrolmentRight(c, u);
    if (u.totpEnabled) throw ApiError(ErrorCode::BadRequest, "2FA is already enabled");
    mfa::Enrollment e = c.svc.twoFactor.setup(c.t(), u);
    auto o = http::orderedObject();
    o->set("qrCode", e.qrCode);
    o->set("otpauthUrl", e.otpauthUrl);
    o->set("secret", e.secret);
    return http::Response::json(200, *o);
}

http::Response twofaVerify(Context& c) {
    identity::User u = Bearer::requireUser(c, true, "Unauthorized");
    requireEnrolmentRight(c, u);
    http::JsonBody body(c.req.body);
    std::string code = body.requireString("totpToken");
    auto codes = c.svc.twoFactor.enable(c.t(), u, code);
    if (!codes) throw ApiError(ErrorCode::Unauthorized, "Invalid 2FA token");
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& rc : *codes) list->add(rc);
    auto o = http::orderedObject();
    o->set("message", "2FA enabled successfully");
    o->set("recoveryCodes", list);
    return http::Response::json(200, *o);
}

http::Response twofaStatus(Context& c) {
    identity::User u = Bearer::requireUser(c, true, "Unauthorized");
    auto o = http::orderedObject();
    o->set("twofa_enabled", u.totpEnabled);
    return http::Response::json(200, *o);
}

http::Response twofaDisable(Context& c) {
    identity::User u = Bearer::requireUser(c, true, "Unauthorized");
    http::JsonBody body(c.req.body);
    std::string password = body.requireString("password");
    std::string code = body.requireString("totpToken");
    if (!u.totpEnabled) throw ApiError(ErrorCode::BadRequest, "2FA is not enabled");
    // Password first, so a wrong password does not use up the code.
    if (!c.svc.accounts.passwordMatches(c.t(), u, password) || !c.svc.twoFactor.acceptLoginCode(c.t(), u, code))
        throw ApiError(ErrorCode::Unauthorized, "Invalid password or token");
    c.svc.twoFactor.disable(c.t(), u);
    return http::Response::text(200, "message", "2FA disabled successfully");
}

}  // namespace ta::api::status
