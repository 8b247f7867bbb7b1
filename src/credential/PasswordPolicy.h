#pragma once
#include <cstddef>
#include <string>

namespace ta::credential {

// bcrypt reads at most 72 bytes and stops at NUL: longer or NUL-bearing passwords
// would be silently truncated, so they are refused instead.
struct PasswordPolicy {
    static constexpr std::size_t kMaxBytes = 72;
    // A new password (register, reset, admin): 8 to 72 bytes, no NUL. Refusal Invalid.
    static void check(const std::string& password);
    // A password presented at login: over 72 bytes or with NUL is refused like a new
    // one; a short one is only a wrong password (imported accounts may have one).
    static void checkPresented(const std::string& password);
};

}  // namespace ta::credential
