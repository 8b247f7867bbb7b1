#pragma once
#include <string>
#include <string_view>

#include "http/Response.h"

namespace ta::http {

// The one cookie writer: every auth cookie is HttpOnly, SameSite=Lax, Path=/, and
// Secure unless the site runs in development.
class Cookies {
public:
    explicit Cookies(bool secure) : secure_(secure) {}
    void set(Response& r, std::string_view name, std::string_view value, long maxAgeSeconds) const;
    void clear(Response& r, std::string_view name) const;

    // The value of `name` in a Cookie request header, or "" when absent.
    static std::string find(std::string_view cookieHeader, std::string_view name);

private:
    bool secure_;
};

}  // namespace ta::http
