#include "api/Bearer.h"

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

}  // namespace ta::api
