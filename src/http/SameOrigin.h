#pragma once
#include <string>
#include <string_view>

#include "http/Request.h"

namespace ta::http {

// Whether a browser sent a request for another origin (cross-site request forgery).
// SameSite=Lax cookies still ride along from a sibling subdomain (same site), so the
// routes whose cookie changes state look at what the browser says about the sender:
// Sec-Fetch-Site and Origin. Requests with neither (curl, servers) are not a browser's.
struct SameOrigin {
    // scheme://host[:port] as the client addressed this request: HTTPS and the Host
    // header; lower case, without the scheme's default port. "" without a Host.
    static std::string ownOrigin(const Request& r);
    // An Origin (or own origin) in that same canonical form; "" when it is not one
    // (e.g. "null").
    static std::string canonical(std::string_view origin);
    // Refused: Sec-Fetch-Site cross-site; same-site without this request's own Origin;
    // or any Origin that is not this request's own.
    static bool foreign(const Request& r);
};

}  // namespace ta::http
