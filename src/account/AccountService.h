#pragma once
#include <optional>
#include <string>

#include "account/LoginLockout.h"
#include "audit/Origin.h"
#include "credential/HashPool.h"
#include "db/Pool.h"
#include "domain/Refusal.h"
#include "identity/User.h"
#include "identity/UserStore.h"
#include "mfa/TwoFactor.h"
#include "recovery/EmailVerification.h"
#include "tenant/Tenant.h"
#include "token/AccessTokens.h"
#include "util/Clock.h"

namespace ta::account {

struct Session {
    identity::User user;
    std::string accessToken;
    std::string refreshToken;
};

struct LoginAttempt {
    std::string login;  // email, or username or email when byUsername
    std::string password;
    std::optional<std::string> totp;
    bool byUsername = false;
    audit::Origin origin;
};

// Accounts and sessions, shared by both route families: one user store, one token
// mechanism, one lockout. Throws domain::Refusal for refusals and bad input,
// db::Unavailable when the database is down.
class AccountService {
public:
    // `verification`, when set, writes the verification mail in the registration's
    // transaction.
    AccountService(db::Pool& pool, credential::HashPool& hashes, const token::AccessTokens& tokens,
                   mfa::TwoFactor& twoFactor, const util::Clock& clock,
                   const recovery::EmailVerification* verification = nullptr)
        : pool_(pool),
          hashes_(hashes),
          tokens_(tokens),
          twoFactor_(twoFactor),
          clock_(clock),
          verification_(verification) {}

    Session registerUser(const tenant::Tenant& t, const std::string& email,
                         const std::string& password, const std::optional<std::string>& fullName);
    // Password, then (when on) the TOTP or recovery code, under the tenant's lockout.
    Session login(const tenant::Tenant& t, const LoginAttempt& attempt);
    Session refresh(const tenant::Tenant& t, const std::string& refreshToken,
                    const audit::Origin& origin);
    // Revokes the session (refresh family) of `refreshToken` if it belongs to `userId`.
    void logout(const tenant::Tenant& t, const std::string& userId, const std::string& refreshToken,
                const audit::Origin& origin);
    // Revokes the session of `refreshToken`; the user id, when the token was live.
    std::optional<std::string> signOut(const tenant::Tenant& t, const std::string& refreshToken,
                                       const audit::Origin& origin);
    // An account made by an admin or tenantauthctl: no session.
    identity::User createUser(const tenant::Tenant& t, identity::NewUser u,
                              const std::string& password);
    // Turns 2FA off after the password and a code (or recovery code), both under the
    // lockout. Refusal BadCredentials when either is wrong.
    void disableTwoFactor(const tenant::Tenant& t, const identity::User& u,
                          const std::string& password, const std::string& code,
                          const audit::Origin& origin);

    static std::string hashToken(const std::string& token);

private:
    bool passwordMatches(const tenant::Tenant& t, const identity::User& u,
                         const std::string& password);
    // Records a refused login (counted against the lockout when `counts`) and its
    // audit event in one transaction, then throws `refusal`.
    [[noreturn]] void refuse(const tenant::Tenant& t, const LoginLockout& lock,
                             const std::string& userId, const char* reason,
                             const audit::Origin& origin, domain::Refusal refusal, bool counts);

    db::Pool& pool_;
    credential::HashPool& hashes_;
    const token::AccessTokens& tokens_;
    mfa::TwoFactor& twoFactor_;
    const util::Clock& clock_;
    const recovery::EmailVerification* verification_;
};

}  // namespace ta::account
