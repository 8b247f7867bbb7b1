#include "http/ErrorMap.h"

namespace ta::http {

int ErrorMap::status(ErrorCode code) {
    switch (code) {
        case ErrorCode::BadRequest:
            return 400;
        case ErrorCode::Unauthorized:
            return 401;
        case ErrorCode::Forbidden:
            return 403;
        case ErrorCode::CrossSite:
            return 403;
        case ErrorCode::NotFound:
            return 404;
        case ErrorCode::MethodNotAllowed:
            return 405;
        case ErrorCode::Conflict:
            return 409;
        case ErrorCode::PayloadTooLarge:
            return 413;
        case ErrorCode::UnsupportedMediaType:
            return 415;
        case ErrorCode::TooManyRequests:
            return 429;
        case ErrorCode::BadGateway:
            return 502;
        case ErrorCode::ServiceUnavailable:
            return 503;
        case ErrorCode::Internal:
            return 500;
    }
    return 500;
}

const char* ErrorMap::bodyKey(const std::string& path) {
    return path.compare(0, 8, "/api/v1/") == 0 ? "message" : "error";
}

Response ErrorMap::toResponse(ErrorCode code, const std::string& message, const std::string& path) {
    return Response::text(status(code), bodyKey(path), message);
}

Response ErrorMap::toResponse(const ApiError& error, const std::string& path) {
    Response r = toResponse(error.code(), error.what(), path);
    int retry = error.retryAfter();
    if (retry == 0 && (error.code() == ErrorCode::ServiceUnavailable)) retry = 1;
    if (retry > 0) r.addHeader("Retry-After", std::to_string(retry));
    return r;
}

}  // namespace ta::http
