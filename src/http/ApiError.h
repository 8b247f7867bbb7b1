#pragma once
#include <stdexcept>
#include <string>

#include "http/ErrorCode.h"

namespace ta::http {

// A failure whose message is meant for the client. Anything else thrown out of a
// handler is logged and answered with a generic body.
class ApiError : public std::runtime_error {
public:
    ApiError(ErrorCode code, const std::string& message, int retryAfter = 0)
        : std::runtime_error(message), code_(code), retryAfter_(retryAfter) {}
    ErrorCode code() const { return code_; }
    int retryAfter() const { return retryAfter_; }

private:
    ErrorCode code_;
    int retryAfter_;
};

}  // namespace ta::http
