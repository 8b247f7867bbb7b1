#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "account/Caller.h"
#include "api/Services.h"
#include "audit/Origin.h"
#include "http/Request.h"
#include "http/Response.h"
#include "tenant/Tenant.h"

namespace ta::api {

// What a handler gets: the request, the services, and what the dispatcher already
// established from the route table (the tenant; the caller on authenticated routes).
struct Context {
    const http::Request& req;
    Services& svc;
    const tenant::Tenant* tenant = nullptr;
    const std::vector<std::pair<std::string, std::string>>* params = nullptr;
    std::optional<account::Caller> caller;

    const tenant::Tenant& t() const { return *tenant; }
    const identity::User& user() const { return caller->user; }
    audit::Origin origin() const { return {req.remoteAddr, req.requestId}; }
    std::string param(const std::string& name) const {
        if (params)
            for (const auto& [k, v] : *params)
                if (k == name) return v;
        return {};
    }
};

using HandlerFn = http::Response (*)(Context&);

// Who may call a route. The dispatcher enforces it before the handler runs.
enum class Access {
    Public,    // anyone (the handler may still look at credentials, e.g. a refresh cookie)
    User,      // a live access token or API key of an enabled user of the tenant
    Admin,     // as User, and the user's stored authority is ADMIN
    Operator,  // loopback or a metrics-allow address (REMOTE_ADDR); else 404 as if absent
};

struct Policy {
    Access access = Access::Public;
    // Not with an API key: 403 with this message (routes that manage keys or change
    // a credential, so a leaked key cannot take the account over).
    const char* keyRefused = nullptr;
    bool cookieToken = false;  // the accessToken cookie counts as a Bearer (/api/v1)
    const char* unauthorized = "Unauthorized";  // 401 message for a missing or bad credential
    bool goneIsNotFound = false;  // a valid token of a deleted user: 404 User not found
};

struct Endpoint {
    HandlerFn handler;
    Policy policy;
    bool login = false;  // a login route: its outcomes are counted in the metrics
};

}  // namespace ta::api
