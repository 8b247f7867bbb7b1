#include "api/status/Handlers.h"
#include "http/ApiError.h"

namespace ta::api::status {

// The STATUS seed's code exchange: the GitHub token goes to the caller (its own
// GitHub API calls); nothing is stored.
http::Response githubAuth(Context& c) {
    std::string code = c.req.queryParam("code");
    if (code.empty())
        throw http::ApiError(http::ErrorCode::BadRequest, "Authorization code is required");
    auto [token, type] = c.svc.oauth.githubToken(c.t(), code);
    auto o = http::orderedObject();
    o->set("access_token", token);
    o->set("token_type", type);
    return http::Response::json(200, *o);
}

}  // namespace ta::api::status
