#pragma once
#include <string>

#include "api/Services.h"
#include "http/Request.h"
#include "http/Response.h"

namespace ta::api {

// The FastCGI Authorizer role: the web server asks, before serving some other path of
// the site, whether the request carries a live credential of the request's tenant
// (resolved as for any request: TENANTAUTH_TENANT, else Host).
//
// 200 with Variable-TENANTAUTH_USER_ID, _TENANT, _AUTHORITY and _PLAN (the web server
// hands them to what serves the request; _TENANT is left out when the web server set
// TENANTAUTH_TENANT itself, as that is in the environment already), or 401 with
// WWW-Authenticate: Bearer. An
// access token (Authorization: Bearer, or the accessToken cookie) is answered from
// its verified claims alone, without the database; an sk_ API key needs one lookup.
// Unknown or disabled tenants get 401 like a bad credential; no rate limit applies.
class Authorizer {
public:
    explicit Authorizer(Services& svc) : svc_(svc) {}
    // Never throws: 200, 401, 503 (tenants not loaded, database down) or 500.
    http::Response check(const http::Request& req, std::string& tenantForLog) const;

private:
    http::Response decide(const http::Request& req, std::string& tenantForLog) const;

    Services& svc_;
};

}  // namespace ta::api
