#pragma once
#include <cctype>
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
    std::string passwordHash;               // "" for accounts without a password
    std::optional<std::string> totpSecret;  // sealed
    std::int64_t totpLastStep = -1;
    std::string createdAt;  // ISO 8601 UTC with milliseconds
    std::string updatedAt;

    bool isAdmin() const { return authority == "ADMIN"; }
    // DEVELOPER and ADMIN get a Node-RED token at sign-in.
    bool nodeRedAccess() const { return authority == "DEVELOPER" || authority == "ADMIN"; }

    static bool validAuthority(const std::string& a) {
        return a == "USER" || a == "DEVELOPER" || a == "ADMIN";
    }
    // 1 to 64 letters, digits, '.', '_' or '-'.
    static bool validUsername(const std::string& s) {
        if (s.empty() || s.size() > 64) return false;
        for (unsigned char ch : s)
            if (!std::isalnum(ch) && ch != '.' && ch != '_' && ch != '-') return false;
        return true;
    }
};

}  // namespace ta::identity
