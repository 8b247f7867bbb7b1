#include "api/RefusalWording.h"

namespace ta::api {

using domain::Reason;
using http::ApiError;
using http::ErrorCode;

ApiError RefusalWording::of(const domain::Refusal& r, bool v1) {
    switch (r.reason()) {
        case Reason::Invalid:
            return {ErrorCode::BadRequest, r.message()};
        case Reason::BadCredentials:
            return {ErrorCode::Unauthorized,
                    v1 ? "Invalid password or user not found" : "Invalid email or password"};
        case Reason::TotpRequired:
            return {ErrorCode::Unauthorized, "2FA token required"};
        case Reason::TotpInvalid:
            return {ErrorCode::Unauthorized, "Invalid 2FA token"};
        case Reason::InvalidRefresh:
            return v1 ? ApiError(ErrorCode::Forbidden, "Invalid or expired refresh token")
                      : ApiError(ErrorCode::Unauthorized, "Invalid refresh token");
        case Reason::EmailTaken:
            return {v1 ? ErrorCode::BadRequest : ErrorCode::Conflict, "Email already registered"};
        case Reason::UsernameTaken:
            return {v1 ? ErrorCode::BadRequest : ErrorCode::Conflict, "Username already exists"};
        case Reason::Locked:
            return {ErrorCode::TooManyRequests, "Too many failed login attempts, try again later",
                    r.retryAfter()};
        case Reason::RateLimited:
            return {ErrorCode::TooManyRequests, "Rate limit exceeded", r.retryAfter()};
        case Reason::Forbidden:
            return {ErrorCode::Forbidden, r.message()};
        case Reason::NotFound:
            return {ErrorCode::NotFound, r.message()};
        case Reason::Conflict:
            return {ErrorCode::Conflict, r.message()};
        case Reason::Busy:
            return {ErrorCode::ServiceUnavailable, "Service unavailable", 1};
        case Reason::Upstream:
            return {ErrorCode::BadGateway, r.message()};
    }
    return {ErrorCode::Internal, "Internal server error"};
}

}  // namespace ta::api
