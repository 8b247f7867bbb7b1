#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "db/Connection.h"
#include "tenant/Tenant.h"

namespace ta::recovery {

// What a password reset request found and did.
struct ResetIssue {
    std::optional<std::string> userId;  // the enabled account of the address, if any
    std::string email;                  // its stored address ("" when none)
    bool issued = false;                // a new token was stored (under the hourly limit)
};

// The user a spent token was for, and the address its mail went to.
struct TokenOwner {
    std::string userId;
    std::string email;
};

// A tenant's one_time_tokens (sql/tenant/003_mail.sql) and the user changes they
// lead to. Tokens are looked up by SHA-256 only.
class RecoveryStore {
public:
    static constexpr const char* kReset = "reset_password";
    static constexpr const char* kVerify = "verify_email";

    RecoveryStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    // One statement whatever the outcome: finds the enabled account of `email` and,
    // when `allowed` and fewer than `perHour` reset tokens were issued for it in the
    // last hour, voids its unused ones and stores `hash`, valid `ttlSeconds`.
    ResetIssue issueReset(const std::string& email, const std::string& hash, bool allowed,
                          int perHour, int ttlSeconds);
    void issueVerify(const std::string& userId, const std::string& email, const std::string& hash,
                     int ttlSeconds);
    // The owner of a live (unused, unexpired) token of `purpose`, without spending it.
    std::optional<TokenOwner> peek(const std::string& hash, const char* purpose);
    // Spends a live token (of parallel calls exactly one gets the owner).
    std::optional<TokenOwner> consume(const std::string& hash, const char* purpose);
    // Sets the password of an enabled user; a reset link reached the address, so an
    // address still equal to `email` counts as verified. Voids the user's other reset
    // tokens. False when the user is gone or disabled.
    bool setPassword(const std::string& userId, const std::string& email,
                     const std::string& passwordHash);
    // Marks the address verified when the user still has `email`. False otherwise.
    bool markVerified(const std::string& userId, const std::string& email);
    // Deletes tokens expired more than a day ago.
    int prune();

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::recovery
