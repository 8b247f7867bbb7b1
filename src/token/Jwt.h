#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "token/Claims.h"

namespace ta::token {

// HS256 only, compact serialization (RFC 7515/7519), written and read here rather than
// with Poco::JWT: under callgrind Poco's Token parse (JSON parser, StringTokenizer,
// Base64 decoder streams) cost about 108k instructions of each verify. The MAC is
// checked in constant time before the payload is read. Claim checks are the caller's.
struct Jwt {
    using KeyLookup = std::function<const std::string*(const std::string& kid)>;

    // Header {"alg":"HS256","kid":kid,"typ":"JWT"}; `claims`: one JSON object
    // (ClaimsWriter builds it).
    static std::string signHs256(std::string_view kid, std::string_view key,
                                 std::string_view claims);
    // The payload's claims when the token has three base64url parts, its header is a
    // JSON object with alg "HS256" and a string kid that names a key, the signature is
    // that key's 32-byte HMAC of "header.payload", and the payload parses
    // (Claims::parse); null otherwise.
    static std::optional<Claims> verifyHs256(std::string_view token, const KeyLookup& keyFor);

    static constexpr std::size_t kMaxLength = 4096;
};

}  // namespace ta::token
