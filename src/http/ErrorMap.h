#pragma once
#include <string>

#include "http/ApiError.h"
#include "http/Response.h"

namespace ta::http {

// The one place where a domain failure becomes an HTTP answer. The /api/v1 family
// (STATUS seed) answers {"message": ...}, every other route {"error": ...}.
struct ErrorMap {
    static int status(ErrorCode code);
    static const char* bodyKey(const std::string& path);
    static Response toResponse(const ApiError& error, const std::string& path);
    static Response toResponse(ErrorCode code, const std::string& message, const std::string& path);
};

}  // namespace ta::http
