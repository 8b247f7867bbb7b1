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

    // A rotated token's family and the seed its successor was derived from.
    struct Rotated {
        std::string familyId;
        std::string seed;
    };

    // Starts a new family (one login).
    void insert(const std::string& userId, const std::string& hash, std::int64_t expiresAt);
    // Marks `oldHash` rotated (keeping `seed`, when given, for the grace answer) and
    // inserts `newHash` in its family, in one statement; of parallel calls with one
    // token exactly one gets the user back. Nothing when the token is not live or its
    // family began `maxAge` seconds or more before `now`. With a seed, forgets the seeds
    // of the family's earlier tokens: their successor is no longer the live one (without
    // one, a seed left from when the tenant had a grace goes with the janitor's
    // forgetSeeds, after the longest grace, as the last rotated token's does).
    std::optional<identity::User> rotate(const std::string& oldHash, const std::string& newHash,
                                         std::int64_t newExpiresAt, std::int64_t now, int maxAge,
                                         const std::string* seed = nullptr);
    // The token `hash` when it was rotated less than `graceSeconds` ago with a seed, in
    // a family not revoked.
    std::optional<Rotated> rotatedWithin(const std::string& hash, int graceSeconds);
    // The user of the live token `hash` of `familyId` (not rotated, revoked, expired or
    // older than `maxAge`), when the user is enabled.
    std::optional<identity::User> liveInFamily(const std::string& hash, const std::string& familyId,
                                               std::int64_t now, int maxAge);
    // When `hash` was already rotated (a replay), revokes its whole family; returns
    // the family's user when anything was revoked.
    std::optional<std::string> revokeFamilyIfRotated(const std::string& hash);
    // Revokes the family of a live token, when `owner` is set only if the token is
    // theirs; returns the token's user id, if it was revoked.
    std::optional<std::string> revokeFamily(const std::string& hash, std::int64_t now,
                                            const std::string* owner = nullptr);
    void revokeAllOfUser(const std::string& userId);
    // Clears the seeds of tokens rotated more than `seconds` ago; how many.
    long forgetSeeds(int seconds);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::token
