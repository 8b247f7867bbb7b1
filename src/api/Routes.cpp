#include "api/Routes.h"

#include "api/opensight/Handlers.h"
#include "api/ops/Handlers.h"
#include "api/status/Handlers.h"

namespace ta::api {

http::Router<Handler> buildRoutes() {
    http::Router<Handler> r;
    const http::RouteOptions json{true, true};
    const http::RouteOptions plain{false, true};
    const http::RouteOptions anyTenant{false, false};

    r.add("GET", "/api/health", ops::health, anyTenant);

    r.add("POST", "/api/auth/register", opensight::registerUser, json);
    r.add("POST", "/api/auth/login", opensight::login, json);
    r.add("POST", "/api/auth/refresh", opensight::refresh, plain);
    r.add("POST", "/api/auth/logout", opensight::logout, plain);
    r.add("GET", "/api/users/me", opensight::me, plain);

    r.add("POST", "/api/v1/users/signIn", status::signIn, json);
    r.add("POST", "/api/v1/users/signUp", status::signUp, json);
    r.add("GET", "/api/v1/users/auth/refresh", status::refresh, plain);
    r.add("GET", "/api/v1/users/signOut", status::signOut, plain);
    r.add("GET", "/api/v1/users/whoami", status::whoami, plain);
    r.add("GET", "/api/v1/header", status::header, plain);
    r.add("POST", "/api/v1/users/2fa/setup", status::twofaSetup, plain);
    r.add("POST", "/api/v1/users/2fa/verify", status::twofaVerify, json);
    r.add("GET", "/api/v1/users/2fa/status", status::twofaStatus, plain);
    r.add("POST", "/api/v1/users/2fa/disable", status::twofaDisable, json);
    return r;
}

}  // namespace ta::api
