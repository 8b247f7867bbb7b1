#pragma once
#include <string>

#include "api/Context.h"
#include "token/AccessTokens.h"

namespace ta::api {

// The access token of a request: `Authorization: Bearer`, or for the /api/v1 routes
// also the accessToken cookie.
struct Bearer {
    static std::string extract(const http::Request& r, bool allowCookie);
    // The verified claims, or ApiError 401 with `message`.
    static token::AccessClaims require(Context& c, bool allowCookie, const char* message);
};

}  // namespace ta::api
