#include "api/Dispatcher.h"

#include "api/Routes.h"
#include "db/DbError.h"
#include "http/ApiError.h"
#include "http/ErrorMap.h"
#include "util/Log.h"

namespace ta::api {

using http::ApiError;
using http::ErrorCode;

Dispatcher::Dispatcher(Services& svc) : svc_(svc), routes_(buildRoutes()) {}

http::Response Dispatcher::run(const http::Request& req, std::string& tenantForLog) const {
    auto match = routes_.match(req.method, req.path);
    if (!match.handler) {
        if (!match.pathKnown) throw ApiError(ErrorCode::NotFound, "Not found");
        http::Response r = http::ErrorMap::toResponse(ErrorCode::MethodNotAllowed, "Method not allowed", req.path);
        r.addHeader("Allow", match.allow);
        return r;
    }
    if (req.bodyTooLarge) throw ApiError(ErrorCode::PayloadTooLarge, "Request body too large");
    Context ctx{req, svc_, nullptr, &match.params};
    std::shared_ptr<const tenant::Tenant> tenant;
    if (match.options->needsTenant) {
        tenant::TenantDirectory::Outcome outcome;
        tenant = svc_.tenants.resolve(req.tenantParam, req.host, outcome);
        switch (outcome) {
            case tenant::TenantDirectory::Outcome::NotLoaded:
                throw ApiError(ErrorCode::ServiceUnavailable, "Service unavailable");
            case tenant::TenantDirectory::Outcome::Unknown: throw ApiError(ErrorCode::NotFound, "Unknown tenant");
            case tenant::TenantDirectory::Outcome::Disabled:
                tenantForLog = tenant->slug;
                throw ApiError(ErrorCode::Forbidden, "Tenant is disabled");
            case tenant::TenantDirectory::Outcome::Found: break;
        }
        tenantForLog = tenant->slug;
        ctx.tenant = tenant.get();
    }
    if (match.options->jsonBody && !req.isJson())
        throw ApiError(ErrorCode::UnsupportedMediaType, "Content-Type must be application/json");
    return (*match.handler)(ctx);
}

http::Response Dispatcher::handle(const http::Request& req, std::string& tenantForLog) const {
    http::Response r;
    try {
        r = run(req, tenantForLog);
    } catch (const ApiError& e) {
        r = http::ErrorMap::toResponse(e, req.path);
    } catch (const db::Unavailable& e) {
        util::Log::write(util::Log::Warn, "rid=" + req.requestId + " database unavailable: " + e.what());
        r = http::ErrorMap::toResponse(ApiError(ErrorCode::ServiceUnavailable, "Service unavailable", 5), req.path);
    } catch (const std::exception& e) {
        util::Log::write(util::Log::Error, "rid=" + req.requestId + " internal error: " + e.what());
        r = http::ErrorMap::toResponse(ErrorCode::Internal, "Internal server error", req.path);
    }
    r.addHeader("X-Request-Id", req.requestId);
    r.addHeader("Cache-Control", "no-store");
    return r;
}

}  // namespace ta::api
