#pragma once
#include <string>

namespace ta::credential {

// bcrypt reads at most 72 bytes and stops at NUL: longer or NUL-bearing passwords
// would be silently truncated, so they are refused instead.
struct PasswordPolicy {
    static void check(const std::string& password);  // throws ApiError 400
};

}  // namespace ta::credential
