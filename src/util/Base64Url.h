#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace ta::util {

// Unpadded base64url (RFC 4648 §5), as JWTs and our opaque tokens use it.
struct Base64Url {
    static std::string encode(std::string_view data);
    static std::optional<std::string> decode(std::string_view text);
    // The same decoding into `out` (its capacity reused; left unspecified on false): a
    // JWT verify decodes three parts per request into per-thread buffers.
    static bool decode(std::string_view text, std::string& out);
    static std::string encodeStd(std::string_view data);  // padded standard alphabet
};

}  // namespace ta::util
