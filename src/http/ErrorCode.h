#pragma once

namespace ta::http {

// Every failure a client can see. ErrorMap turns one into a status; nothing else does.
enum class ErrorCode {
    BadRequest,
    Unauthorized,
    Forbidden,
    CrossSite,  // a cookie-authenticated change sent by another origin (403)
    NotFound,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    TooManyRequests,
    BadGateway,
    ServiceUnavailable,
    Internal,
};

}  // namespace ta::http
