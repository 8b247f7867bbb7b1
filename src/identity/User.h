#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace ta::identity {

struct User {
    std::string id;
    std::string email;
    std::optional<std::string> username;
    std::optional<std::string> fullName;
    std::optional<std::string> avatarUrl;
    bool emailVerified = false;
    std::string authority = "USER";
    std::string planId = "free";
    bool disabled = false;
    bool totpEnabled = false;
    std::string passwordHash;                 // "" for accounts without a password
    std::optional<std::string> totpSecret;    // sealed
    std::int64_t totpLastStep = -1;
    std::string createdAt;  // ISO 8601 UTC with milliseconds
    std::string updatedAt;

    static bool validAuthority(const std::string& a) { return a == "USER" || a == "DEVELOPER" || a == "ADMIN"; }
};

}  // namespace ta::identity
