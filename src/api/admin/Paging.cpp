#include "api/admin/Paging.h"

#include "http/ApiError.h"

namespace ta::api::admin {

namespace {
// The decimal value of `text` when it is one in [lo, hi]; `fallback` when empty.
int parse(const std::string& name, const std::string& text, int fallback, long lo, long hi,
          const std::string& rule) {
    if (text.empty()) return fallback;
    if (text.size() > 9)
        throw http::ApiError(http::ErrorCode::BadRequest, name + " must be " + rule);
    long v = 0;
    for (char ch : text) {
        if (ch < '0' || ch > '9')
            throw http::ApiError(http::ErrorCode::BadRequest, name + " must be " + rule);
        v = v * 10 + (ch - '0');
    }
    if (v < lo || v > hi)
        throw http::ApiError(http::ErrorCode::BadRequest, name + " must be " + rule);
    return static_cast<int>(v);
}
}  // namespace

Paging Paging::of(const http::Request& r) {
    Paging p;
    p.limit = parse("limit", r.queryParam("limit"), 50, 1, kMaxLimit, "an integer from 1 to 200");
    p.offset =
        parse("offset", r.queryParam("offset"), 0, 0, 100000000, "an integer from 0 to 100000000");
    return p;
}

}  // namespace ta::api::admin
