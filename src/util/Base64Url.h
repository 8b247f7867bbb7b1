#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace ta::util {

// Unpadded base64url (RFC 4648 §5), as JWTs and our opaque tokens use it.
struct Base64Url {
    static std::string encode(std::string_view data);
    static std::optional<std::string> decode(std::string_view text);
    static std::string encodeStd(std::string_view data);  // padded standard alphabet
};

}  // namespace ta::util
