#include <Poco/JSON/Array.h>

#include "api/status/Handlers.h"
#include "http/ApiError.h"
#include "http/JsonBody.h"

namespace ta::api::status {

using http::ApiError;
using http::ErrorCode;

http::Response twofaSetup(Context& c) {
    mfa::Enrollment e = c.svc.twoFactor.setup(c.t(), c.user());
    auto o = http::orderedObject();
    o->set("qrCode", e.qrCode);
    o->set("otpauthUrl", e.otpauthUrl);
    o->set("secret", e.secret);
    return http::Response::json(200, *o);
}

http::Response twofaVerify(Context& c) {
    http::JsonBody body(c.req.body);
    std::string code = body.requireString("totpToken");
    auto codes = c.svc.twoFactor.enable(c.t(), c.user(), code, c.origin());
    if (!codes) throw ApiError(ErrorCode::Unauthorized, "Invalid 2FA token");
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& rc : *codes) list->add(rc);
    auto o = http::orderedObject();
    o->set("message", "2FA enabled successfully");
    o->set("recoveryCodes", list);
    return http::Response::json(200, *o);
}

http::Response twofaStatus(Context& c) {
    auto o = http::orderedObject();
    o->set("twofa_enabled", c.user().totpEnabled);
    return http::Response::json(200, *o);
}

http::Response twofaDisable(Context& c) {
    http::JsonBody body(c.req.body);
    std::string password = body.requireString("password");
    std::string code = body.requireString("totpToken");
    try {
        c.svc.accounts.disableTwoFactor(c.t(), c.user(), password, code, c.origin());
    } catch (const domain::Refusal& e) {
        if (e.reason() != domain::Reason::BadCredentials) throw;
        throw ApiError(ErrorCode::Unauthorized, "Invalid password or token");
    }
    return http::Response::text(200, "message", "2FA disabled successfully");
}

}  // namespace ta::api::status
