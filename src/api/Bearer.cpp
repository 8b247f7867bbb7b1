#include "api/Bearer.h"

#include "http/ApiError.h"

namespace ta::api {

std::string Bearer::extract(const http::Request& r, bool allowCookie) {
    const std::string& h = r.authorization;
    if (h.size() > 7 && (h.compare(0, 7, "Bearer ") == 0 || h.compare(0, 7, "bearer ") == 0)) {
        size_t start = h.find_first_not_of(' ', 7);
        return start == std::string::npos ? std::string() : h.substr(start);
    }
    if (allowCookie && h.empty()) return r.cookie("accessToken");
    return {};
}

token::AccessClaims Bearer::require(Context& c, bool allowCookie, const char* message) {
    std::string token = extract(c.req, allowCookie);
    if (token.empty()) throw http::ApiError(http::ErrorCode::Unauthorized, message);
    auto claims = c.svc.tokens.verify(c.t(), token);
    if (!claims) throw http::ApiError(http::ErrorCode::Unauthorized, message);
    return *claims;
}

identity::User Bearer::requireUser(Context& c, bool allowCookie, const char* message, http::ErrorCode goneCode,
                                   const char* goneMessage) {
    token::AccessClaims who = require(c, allowCookie, message);
    auto u = c.svc.accounts.findUser(c.t(), who.userId);
    if (!u || u->disabled) throw http::ApiError(goneCode, goneMessage ? goneMessage : message);
    return *u;
}

}  // namespace ta::api
