#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ta::token {

// The claims of a JWT payload that this service reads; every other member is skipped,
// whatever its type.
struct Claims {
    std::string sub, email, planId, authority, tid;  // "" when absent
    std::optional<std::int64_t> exp, nbf;
    bool aud = false;  // present, with any value

    // Null unless `json` is one strict JSON object (util::JsonScan: no duplicate keys,
    // no NUL, integers within int64) in which sub, email, plan_id, authority and tid,
    // when present, are strings and exp and nbf, when present, integers: 1.7e9, 1.0,
    // "1700000000" or true as an exp refuse the token, as Poco's isInteger() did.
    static std::optional<Claims> parse(std::string_view json);
};

}  // namespace ta::token
