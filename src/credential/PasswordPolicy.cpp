#include "credential/PasswordPolicy.h"

#include "http/ApiError.h"

namespace ta::credential {

void PasswordPolicy::check(const std::string& password) {
    if (password.size() < 8 || password.size() > 72)
        throw http::ApiError(http::ErrorCode::BadRequest, "password must be 8 to 72 bytes");
    if (password.find('\0') != std::string::npos)
        throw http::ApiError(http::ErrorCode::BadRequest, "password must not contain NUL characters");
}

}  // namespace ta::credential
