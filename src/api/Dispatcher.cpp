#include "api/Dispatcher.h"

#include "api/Bearer.h"
#include "api/RefusalWording.h"
#include "api/Routes.h"
#include "db/DbError.h"
#include "http/ApiError.h"
#include "http/ErrorMap.h"
#include "http/SameOrigin.h"
#include "util/Log.h"

namespace ta::api {

using http::ApiError;
using http::ErrorCode;

namespace {
bool statusFamily(const std::string& path) { return path.compare(0, 8, "/api/v1/") == 0; }

// "GET, POST" -> "GET, HEAD, POST": every GET route answers HEAD too.
std::string withHead(const std::string& allow) {
    size_t get = (", " + allow + ",").find(", GET,");
    if (get == std::string::npos) return allow;
    return allow.substr(0, get + 3) + ", HEAD" + allow.substr(get + 3);
}

metrics::Login loginOutcome(domain::Reason r) {
    switch (r) {
        case domain::Reason::BadCredentials:
            return metrics::Login::BadCredentials;
        case domain::Reason::TotpRequired:
            return metrics::Login::TwoFactorRequired;
        case domain::Reason::TotpInvalid:
            return metrics::Login::TwoFactorInvalid;
        case domain::Reason::Locked:
            return metrics::Login::Locked;
        case domain::Reason::RateLimited:
            return metrics::Login::RateLimited;
        case domain::Reason::Busy:
            return metrics::Login::Unavailable;
        default:
            return metrics::Login::BadRequest;
    }
}
}  // namespace

Dispatcher::Dispatcher(Services& svc) : svc_(svc), routes_(buildRoutes()) {}

void Dispatcher::authorize(Context& ctx, const Policy& policy) const {
    if (policy.access == Access::Public) return;
    if (policy.access == Access::Operator) {
        if (!svc_.metricsAllowed(ctx.req.remoteAddr))
            throw ApiError(ErrorCode::NotFound, "Not found");
        return;
    }
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

http::Response Dispatcher::run(const http::Request& req, Trace& trace, bool& login) const {
    // HEAD is GET without the body (RFC 9110 9.3.2): the GET route answers it.
    auto match = routes_.match(req.method == "HEAD" ? "GET" : req.method, req.path);
    if (!match.handler) {
        if (!match.pathKnown) throw ApiError(ErrorCode::NotFound, "Not found");
        http::Response r =
            http::ErrorMap::toResponse(ErrorCode::MethodNotAllowed, "Method not allowed", req.path);
        r.addHeader("Allow", withHead(match.allow));
        return r;
    }
    trace.route = match.index;
    login = match.handler->login;
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
                trace.tenant = tenant->slug;
                throw ApiError(ErrorCode::Forbidden, "Tenant is disabled");
            case tenant::TenantDirectory::Outcome::Found:
                break;
        }
        trace.tenant = tenant->slug;
        ctx.tenant = tenant.get();
    }
    // A route that takes no Bearer (refresh, signOut) is authorized by its cookie even
    // when an Authorization header is sent along.
    const Policy& policy = match.handler->policy;
    if (match.options->sameOrigin &&
        (policy.access == Access::Public || req.authorization.empty()) &&
        http::SameOrigin::foreign(req))
        throw ApiError(ErrorCode::CrossSite,
                       "Cross-site request refused: Origin or Sec-Fetch-Site is not this site");
    authorize(ctx, policy);
    if (match.options->jsonBody && !req.isJson())
        throw ApiError(ErrorCode::UnsupportedMediaType, "Content-Type must be application/json");
    return match.handler->handler(ctx);
}

http::Response Dispatcher::handle(const http::Request& req, Trace& trace) const {
    http::Response r;
    bool login = false;
    metrics::Login outcome = metrics::Login::Success;
    try {
        r = run(req, trace, login);
    } catch (const ApiError& e) {
        r = http::ErrorMap::toResponse(e, req.path);
        outcome = e.code() == ErrorCode::ServiceUnavailable ? metrics::Login::Unavailable
                                                            : metrics::Login::BadRequest;
    } catch (const domain::Refusal& e) {
        if (e.reason() == domain::Reason::Busy)
            util::Log::write(util::Log::Warn,
                             "rid=" + req.requestId + " refused (503): " + e.message());
        r = http::ErrorMap::toResponse(RefusalWording::of(e, statusFamily(req.path)), req.path);
        outcome = loginOutcome(e.reason());
    } catch (const db::Unavailable& e) {
        outcome = metrics::Login::Unavailable;
        metrics::Scoreboard::add(metrics::Scoreboard::block().dbErrors);
        util::Log::write(util::Log::Warn,
                         "rid=" + req.requestId + " database unavailable: " + e.what());
        r = http::ErrorMap::toResponse(
            ApiError(ErrorCode::ServiceUnavailable, "Service unavailable", 5), req.path);
    } catch (const std::exception& e) {
        util::Log::write(util::Log::Error, "rid=" + req.requestId + " internal error: " + e.what());
        r = http::ErrorMap::toResponse(ErrorCode::Internal, "Internal server error", req.path);
        outcome = metrics::Login::Unavailable;
    }
    if (login) metrics::Scoreboard::login(outcome);
    // Room for the four below at once, not three reallocations of the vector.
    r.headers.reserve(r.headers.size() + 4);
    r.addHeader("X-Request-Id", req.requestId);
    // Every answer may carry a token or personal data, and none is meant to be cached,
    // sniffed into another type or leaked through Referer by a page it is shown on.
    r.addHeader("Cache-Control", "no-store");
    r.addHeader("X-Content-Type-Options", "nosniff");
    r.addHeader("Referrer-Policy", "no-referrer");
    r.headOnly = req.method == "HEAD";
    return r;
}

}  // namespace ta::api
