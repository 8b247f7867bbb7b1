#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/Connection.h"
#include "identity/User.h"
#include "tenant/Tenant.h"

namespace ta::token {

// A tenant's refresh_tokens table. Tokens are looked up by their SHA-256 only.
class RefreshTokenStore {
public:
    RefreshTokenStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    // Starts a new family (one login).
    void insert(const std::string& userId, const std::string& hash, std::int64_t expiresAt);
    // Marks `oldHash` rotated and inserts `newHash` in its family, in one statement;
    // of parallel calls with one token exactly one gets the user back.
    std::optional<identity::User> rotate(const std::string& oldHash, const std::string& newHash,
                                         std::int64_t newExpiresAt, std::int64_t now);
    // When `hash` was already rotated (a replay), revokes its whole family; returns
    // the family's user when anything was revoked.
    std::optional<std::string> revokeFamilyIfRotated(const std::string& hash);
    // Revokes the family of a live token, when `owner` is set only if the token is
    // theirs; returns the token's user id, if it was revoked.
    std::optional<std::string> revokeFamily(const std::string& hash, std::int64_t now,
                                            const std::string* owner = nullptr);
    void revokeAllOfUser(const std::string& userId);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::token
