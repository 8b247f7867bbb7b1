#pragma once
#include <string>

#include "http/Request.h"

namespace ta::api {

// The credential of a request: `Authorization: Bearer`, or when `allowCookie` (the
// /api/v1 routes) the accessToken cookie. "" when there is none.
struct Bearer {
    static std::string extract(const http::Request& r, bool allowCookie);
};

}  // namespace ta::api
