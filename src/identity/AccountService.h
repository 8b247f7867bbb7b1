#pragma once
#include <optional>
#include <string>

#include "credential/HashPool.h"
#include "db/Pool.h"
#include "identity/User.h"
#include "identity/UserStore.h"
#include "tenant/Tenant.h"
#include "token/AccessTokens.h"
#include "util/Clock.h"

namespace ta::mfa {
class TwoFactor;
}

namespace ta::identity {

struct Session {
    User user;
    std::string accessToken;
    std::string refreshToken;
};

struct LoginAttempt {
    std::string login;  // email, or username or email when byUsername
    std::string password;
    std::optional<std::string> totp;
    bool byUsername = false;
};

// Accounts and sessions, shared by both route families: one user store, one token
// mechanism. Throws AuthError for refusals, ApiError for bad input, db::Unavailable
// when the database is down.
class AccountService {
public:
    AccountService(db::Pool& pool, credential::HashPool& hashes, const token::AccessTokens& tokens,
                   mfa::TwoFactor& twoFactor, const util::Clock& clock)
        : pool_(pool), hashes_(hashes), tokens_(tokens), twoFactor_(twoFactor), clock_(clock) {}

    Session registerUser(const tenant::Tenant& t, const std::string& email, const std::string& password,
                         const std::optional<std::string>& fullName);
    Session login(const tenant::Tenant& t, const LoginAttempt& attempt);
    Session refresh(const tenant::Tenant& t, const std::string& refreshToken);
    // Revokes the session (refresh family) of `refreshToken` if it belongs to `userId`.
    void logout(const tenant::Tenant& t, const std::string& userId, const std::string& refreshToken);
    // Revokes the session of `refreshToken`; the user id, when the token was live.
    std::optional<std::string> signOut(const tenant::Tenant& t, const std::string& refreshToken);
    // An account made by an admin or tenantauthctl: no session.
    User createUser(const tenant::Tenant& t, NewUser u, const std::string& password);
    std::optional<User> findUser(const tenant::Tenant& t, const std::string& id);
    bool passwordMatches(const tenant::Tenant& t, const User& u, const std::string& password);

    static std::string hashToken(const std::string& token);

private:
    Session openSession(const tenant::Tenant& t, User u);

    db::Pool& pool_;
    credential::HashPool& hashes_;
    const token::AccessTokens& tokens_;
    mfa::TwoFactor& twoFactor_;
    const util::Clock& clock_;
};

}  // namespace ta::identity
