#pragma once
#include <optional>
#include <string>

namespace ta::apikey {

// An API key as listed: never the secret, only its first 19 characters.
struct ApiKey {
    std::string id;  // key_ + 24 hex
    std::string name;
    std::string keyPrefix;
    std::optional<std::string> lastUsedAt;
    std::string createdAt;
    std::optional<std::string> revokedAt;

    // sk_ + 64 lower-case hex: the only strings looked up as keys.
    static bool wellFormed(const std::string& presented);
    static bool validId(const std::string& id);
    static constexpr std::size_t kPrefixLength = 19;
};

}  // namespace ta::apikey
