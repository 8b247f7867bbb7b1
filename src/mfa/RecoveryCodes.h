#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ta::mfa {

// One-time codes that let a user in when the authenticator is lost. They are shown to the
// user once, at generation time; the table keeps a salted HMAC of each.
struct RecoveryCodes {
    // Alphabet without 0/o, 1/l/i so codes survive being copied by hand off paper.
    static constexpr const char* kAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";
    // 18 characters of 31: 89 bits, shown as three groups of six.
    static constexpr std::size_t kLength = 18;
    static constexpr std::size_t kGroup = 6;

    static std::vector<std::string> generate(std::size_t n = 10);
    static std::string normalize(const std::string& input);
    // What the table stores for a normalized code: "s1$" + hex salt (16 random bytes) +
    // "$" + hex HMAC-SHA256(salt, code). Salted, so one dump cannot be tested against
    // every user's codes in one pass.
    static std::string stored(const std::string& normalized);
    // Whether `normalized` is the code behind `stored`, compared in constant time. Also
    // accepts the unsalted SHA-256 hex that codes made before salting were stored as.
    static bool matches(const std::string& normalized, const std::string& stored);
    // That old unsalted form (kept for matches() and the tests).
    static std::string legacyHash(const std::string& normalized);
};

}  // namespace ta::mfa
