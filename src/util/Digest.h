#pragma once
#include <string>
#include <string_view>

namespace ta::util {

struct Digest {
    static std::string sha256Hex(std::string_view data);
    static std::string hmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes
    // The same MAC into `out`, with no allocation (JWT verify, once per request).
    static void hmacSha256(std::string_view key, std::string_view data, unsigned char (&out)[32]);
    // Constant time for equal lengths; lengths are not secret here.
    static bool equal(std::string_view a, std::string_view b);
    static std::string hex(std::string_view raw);
};

}  // namespace ta::util
