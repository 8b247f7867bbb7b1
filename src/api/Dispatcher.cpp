#include "api/Dispatcher.h"

#include "api/Bearer.h"
#include "api/RefusalWording.h"
#include "api/Routes.h"
#include "db/DbError.h"
#include "http/ApiError.h"
#include "http/ErrorMap.h"
#include "util/Log.h"

namespace ta::api {

using http::ApiError;
using http::ErrorCode;

namespace {
bool statusFamily(const std::string& path) { return path.compare(0, 8, "/api/v1/") == 0; }
}  // namespace

Dispatcher::Dispatcher(Services& svc) : svc_(svc), routes_(buildRoutes()) {}

void Dispatcher::authorize(Context& ctx, const Policy& policy) const {
    if (policy.access == Access::Public) return;
    std::string credential = Bearer::extract(ctx.req, policy.cookieToken);
    using Outcome = account::Authenticator::Outcome;
    switch (svc_.authenticator.authenticate(ctx.t(), credential, ctx.caller)) {
        case Outcome::Ok:
            break;
        case Outcome::BadCredential:
            throw ApiError(ErrorCode::Unauthorized, policy.unauthorized);
        case Outcome::Gone:
            if (policy.goneIsNotFound) throw ApiError(ErrorCode::NotFound, "User not found");
            throw ApiError(ErrorCode::Unauthorized, policy.unauthorized);
    }
    const account::Caller& caller = *ctx.caller;
    if (policy.keyRefused && caller.viaApiKey())
        throw ApiError(ErrorCode::Forbidden, policy.keyRefused);
    // The stored authority, not the token's claim: a demoted admin loses it at once.
    if (policy.access == Access::Admin && !caller.user.isAdmin())
        throw ApiError(ErrorCode::Forbidden, "Admin privileges required");
    if (int wait = svc_.limiter.admit(ctx.t(), caller.rateSubject(), caller.requestsPerMinute))
        throw ApiError(ErrorCode::TooManyRequests, "Rate limit exceeded", wait);
}

http::Response Dispatcher::run(const http::Request& req, std::string& tenantForLog) const {
    auto match = routes_.match(req.method, req.path);
    if (!match.handler) {
        if (!match.pathKnown) throw ApiError(ErrorCode::NotFound, "Not found");
        http::Response r =
            http::ErrorMap::toResponse(ErrorCode::MethodNotAllowed, "Method not allowed", req.path);
        r.addHeader("Allow", match.allow);
        return r;
    }
    if (req.bodyTooLarge) throw ApiError(ErrorCode::PayloadTooLarge, "Request body too large");
    Context ctx{req, svc_, nullptr, &match.params, std::nullopt};
    std::shared_ptr<const tenant::Tenant> tenant;
    if (match.options->needsTenant) {
        tenant::TenantDirectory::Outcome outcome;
        tenant = svc_.tenants.resolve(req.tenantParam, req.host, outcome);
        switch (outcome) {
            case tenant::TenantDirectory::Outcome::NotLoaded:
                throw ApiError(ErrorCode::ServiceUnavailable, "Service unavailable");
            case tenant::TenantDirectory::Outcome::Unknown:
                throw ApiError(ErrorCode::NotFound, "Unknown tenant");
            case tenant::TenantDirectory::Outcome::Disabled:
                tenantForLog = tenant->slug;
                throw ApiError(ErrorCode::Forbidden, "Tenant is disabled");
            case tenant::TenantDirectory::Outcome::Found:
                break;
        }
        tenantForLog = tenant->slug;
        ctx.tenant = tenant.get();
    }
    authorize(ctx, match.handler->policy);
    if (match.options->jsonBody && !req.isJson())
        throw ApiError(ErrorCode::UnsupportedMediaType, "Content-Type must be application/json");
    return match.handler->handler(ctx);
}

http::Response Dispatcher::handle(const http::Request& req, std::string& tenantForLog) const {
    http::Response r;
    try {
        r = run(req, tenantForLog);
    } catch (const ApiError& e) {
        r = http::ErrorMap::toResponse(e, req.path);
    } catch (const domain::Refusal& e) {
        r = http::ErrorMap::toResponse(RefusalWording::of(e, statusFamily(req.path)), req.path);
    } catch (const db::Unavailable& e) {
        util::Log::write(util::Log::Warn,
                         "rid=" + req.requestId + " database unavailable: " + e.what());
        r = http::ErrorMap::toResponse(
            ApiError(ErrorCode::ServiceUnavailable, "Service unavailable", 5), req.path);
    } catch (const std::exception& e) {
        util::Log::write(util::Log::Error, "rid=" + req.requestId + " internal error: " + e.what());
        r = http::ErrorMap::toResponse(ErrorCode::Internal, "Internal server error", req.path);
    }
    r.addHeader("X-Request-Id", req.requestId);
    r.addHeader("Cache-Control", "no-store");
    return r;
}

}  // namespace ta::api
