#pragma once
#include <string>

#include "api/Context.h"
#include "http/Router.h"
#include "metrics/Scoreboard.h"

namespace ta::api {

// What the worker logs and counts about a request once it is answered.
struct Trace {
    std::string tenant;                    // the resolved tenant's slug, or empty
    int route = metrics::kUnmatchedRoute;  // the matched route's index
};

// The request pipeline after FastCGI: route, tenant, body checks, the route's
// access policy and rate limit, handler, and the mapping of anything thrown to an
// answer. Never throws.
class Dispatcher {
public:
    explicit Dispatcher(Services& svc);
    http::Response handle(const http::Request& req, Trace& trace) const;

private:
    http::Response run(const http::Request& req, Trace& trace, bool& login) const;
    // Applies `policy` to the request: the caller, or ApiError 401/403/429.
    void authorize(Context& ctx, const Policy& policy) const;

    Services& svc_;
    http::Router<Endpoint> routes_;
};

}  // namespace ta::api
