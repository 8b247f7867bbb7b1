#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/Connection.h"
#include "db/SqlText.h"
#include "identity/User.h"
#include "tenant/Tenant.h"

// The columns UserStore::fromRow reads, in its order. The PUBLIC variant blanks the
// password hash and TOTP secret for statements whose callers never need them.
#define TA_USER_TIMESTAMPS TA_SQL_ISO8601("created_at") ", " TA_SQL_ISO8601("updated_at")
#define TA_USER_IDENTITY                                                                         \
    "id, email, username, full_name, avatar_url, email_verified, authority, plan_id, disabled, " \
    "totp_enabled, "
#define TA_USER_COLUMNS                                                   \
    TA_USER_IDENTITY                                                      \
    "coalesce(password_hash, ''), totp_secret, coalesce(totp_last_step, " \
    "-1), " TA_USER_TIMESTAMPS
#define TA_USER_PUBLIC_COLUMNS TA_USER_IDENTITY "'', NULL, -1, " TA_USER_TIMESTAMPS

namespace ta::identity {

// What an admin changes on a user; unset fields stay.
struct UserChange {
    std::optional<std::string> authority;
    std::optional<std::string> planId;
    std::optional<bool> disabled;
};

struct NewUser {
    std::string email;
    std::optional<std::string> username;
    std::optional<std::string> fullName;
    std::string passwordHash;
    std::string authority = "USER";
};

// A tenant's users table. Every statement names the tenant's schema explicitly.
class UserStore {
public:
    UserStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    std::optional<User> findById(const std::string& id);
    std::optional<User> findByEmail(const std::string& email);
    // Username first, then email, as the STATUS signIn takes either.
    std::optional<User> findByLogin(const std::string& usernameOrEmail);

    enum class Conflict { None, Email, Username };
    // Inserts the user and, when `refreshHash` is set, its first refresh token in the
    // same statement. `conflict` tells which unique key refused it.
    std::optional<User> insert(const NewUser& u, const std::string* refreshHash,
                               std::int64_t refreshExpires, Conflict& conflict);

    // A user moved in from elsewhere (tenantauthctl user import), keeping its hash,
    // verification state and creation time (ISO 8601; now when unset). Conflict::Email
    // when the email is there already (nothing changes), Username when only the
    // username is taken.
    Conflict importUser(const NewUser& u, bool emailVerified,
                        const std::optional<std::string>& createdAt);
    void setPasswordHash(const std::string& id, const std::string& hash);

    // Oldest first, without password hashes or TOTP secrets.
    std::vector<User> page(int limit, int offset);
    std::int64_t count();
    // For a change in a transaction: the row, locked.
    std::optional<User> lockById(const std::string& id);
    // Ids of the enabled admins, locked, so two admins cannot demote each other at once.
    std::vector<std::string> lockActiveAdmins();
    User update(const std::string& id, const UserChange& change);

    static bool validUuid(const std::string& s);
    static User fromRow(const db::Result& r, int row);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::identity
