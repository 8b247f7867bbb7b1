#pragma once
#include <string>

#include "api/Context.h"
#include "http/ErrorCode.h"
#include "identity/User.h"
#include "token/AccessTokens.h"

namespace ta::api {

// The access token of a request: `Authorization: Bearer`, or for the /api/v1 routes
// also the accessToken cookie.
struct Bearer {
    static std::string extract(const http::Request& r, bool allowCookie);
    // The verified claims, or ApiError 401 with `message`.
    static token::AccessClaims require(Context& c, bool allowCookie, const char* message);
    // The caller as stored now. A bad token is 401 `message`; a user deleted or
    // disabled since the token was issued is `goneCode` `goneMessage` (default: the same 401).
    static identity::User requireUser(Context& c, bool allowCookie, const char* message,
                                      http::ErrorCode goneCode = http::ErrorCode::Unauthorized,
                                      const char* goneMessage = nullptr);
};

}  // namespace ta::api
