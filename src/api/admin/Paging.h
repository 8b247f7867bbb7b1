#pragma once
#include "http/Request.h"

namespace ta::api::admin {

// ?limit=&offset= of a list route: limit 1 to 200 (default 50), offset ≥ 0
// (default 0); anything else is 400 naming the parameter.
struct Paging {
    int limit = 50;
    int offset = 0;

    static constexpr int kMaxLimit = 200;
    static Paging of(const http::Request& r);
};

}  // namespace ta::api::admin
