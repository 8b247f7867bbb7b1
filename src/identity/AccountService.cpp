#include "identity/AccountService.h"

#include "credential/PasswordHasher.h"
#include "credential/PasswordPolicy.h"
#include "http/ApiError.h"
#include "identity/AuthError.h"
#include "identity/Email.h"
#include "mfa/TwoFactor.h"
#include "token/RefreshTokenStore.h"
#include "util/Digest.h"
#include "util/Random.h"

namespace ta::identity {

using credential::PasswordHasher;

std::string AccountService::hashToken(const std::string& token) {
    return util::Digest::sha256Hex(token);
}

Session AccountService::openSession(const tenant::Tenant& t, User u) {
    Session s;
    s.refreshToken = util::Random::base64url(32);
    auto lease = pool_.acquire();
    token::RefreshTokenStore(*lease, t).insert(u.id, hashToken(s.refreshToken),
                                               clock_.nowSeconds() + t.settings.refreshTokenTtl);
    s.accessToken = tokens_.issue(t, u);
    s.user = std::move(u);
    return s;
}

Session AccountService::registerUser(const tenant::Tenant& t, const std::string& email,
                                     const std::string& password,
                                     const std::optional<std::string>& fullName) {
    if (!Email::valid(email))
        throw http::ApiError(http::ErrorCode::BadRequest, "email is not a valid email address");
    credential::PasswordPolicy::check(password);
    if (fullName && fullName->size() > 200)
        throw http::ApiError(http::ErrorCode::BadRequest, "full_name must be at most 200 bytes");
    int cost = t.settings.bcryptCost;
    NewUser nu;
    nu.email = email;
    nu.fullName = fullName;
    nu.passwordHash = hashes_.run([&] { return PasswordHasher::hash(password, cost); });
    Session s;
    s.refreshToken = util::Random::base64url(32);
    std::string refreshHash = hashToken(s.refreshToken);
    UserStore::Conflict conflict;
    std::optional<User> u;
    {
        auto lease = pool_.acquire();
        u = UserStore(*lease, t).insert(nu, &refreshHash,
                                        clock_.nowSeconds() + t.settings.refreshTokenTtl, conflict);
    }
    if (!u) throw AuthError(AuthFailure::EmailTaken);
    s.accessToken = tokens_.issue(t, *u);
    s.user = std::move(*u);
    return s;
}

bool AccountService::passwordMatches(const tenant::Tenant& t, const User& u,
                                     const std::string& password) {
    const std::string& stored =
        u.passwordHash.empty() ? PasswordHasher::dummyHash(t.settings.bcryptCost) : u.passwordHash;
    bool ok = hashes_.run([&] { return PasswordHasher::verify(password, stored); });
    return ok && !u.passwordHash.empty();
}

Session AccountService::login(const tenant::Tenant& t, const LoginAttempt& a) {
    std::optional<User> u;
    {
        auto lease = pool_.acquire();
        UserStore users(*lease, t);
        u = a.byUsername ? users.findByLogin(a.login) : users.findByEmail(a.login);
    }
    if (!u) {
        // Same bcrypt cost as a real check: response time does not reveal accounts.
        hashes_.run([&] {
            return PasswordHasher::verify(a.password,
                                          PasswordHasher::dummyHash(t.settings.bcryptCost));
        });
        throw AuthError(AuthFailure::BadCredentials);
    }
    if (!passwordMatches(t, *u, a.password) || u->disabled)
        throw AuthError(AuthFailure::BadCredentials);
    if (u->totpEnabled) {
        if (!a.totp || a.totp->empty()) throw AuthError(AuthFailure::TotpRequired);
        if (!twoFactor_.acceptLoginCode(t, *u, *a.totp)) throw AuthError(AuthFailure::TotpInvalid);
    }
    return openSession(t, std::move(*u));
}

Session AccountService::refresh(const tenant::Tenant& t, const std::string& refreshToken) {
    if (refreshToken.empty() || refreshToken.size() > 128)
        throw AuthError(AuthFailure::InvalidRefresh);
    Session s;
    s.refreshToken = util::Random::base64url(32);
    std::string oldHash = hashToken(refreshToken);
    std::int64_t now = clock_.nowSeconds();
    auto lease = pool_.acquire();
    token::RefreshTokenStore store(*lease, t);
    auto u =
        store.rotate(oldHash, hashToken(s.refreshToken), now + t.settings.refreshTokenTtl, now);
    if (!u) {
        // A rotated token seen again means it leaked (or raced): end that whole login.
        store.revokeFamilyIfRotated(oldHash);
        throw AuthError(AuthFailure::InvalidRefresh);
    }
    s.accessToken = tokens_.issue(t, *u);
    s.user = std::move(*u);
    return s;
}

void AccountService::logout(const tenant::Tenant& t, const std::string& userId,
                            const std::string& refreshToken) {
    if (refreshToken.empty() || refreshToken.size() > 128) return;
    auto lease = pool_.acquire();
    // Revoke only a token of the caller: someone else's cookie is left alone.
    token::RefreshTokenStore(*lease, t).revokeFamily(hashToken(refreshToken), clock_.nowSeconds(),
                                                     &userId);
}

std::optional<std::string> AccountService::signOut(const tenant::Tenant& t,
                                                   const std::string& refreshToken) {
    if (refreshToken.empty() || refreshToken.size() > 128) return std::nullopt;
    auto lease = pool_.acquire();
    return token::RefreshTokenStore(*lease, t).revokeFamily(hashToken(refreshToken),
                                                            clock_.nowSeconds());
}

User AccountService::createUser(const tenant::Tenant& t, NewUser nu, const std::string& password) {
    if (!Email::valid(nu.email))
        throw http::ApiError(http::ErrorCode::BadRequest, "email is not a valid email address");
    credential::PasswordPolicy::check(password);
    if (!User::validAuthority(nu.authority))
        throw http::ApiError(http::ErrorCode::BadRequest,
                             "authority must be USER, DEVELOPER or ADMIN");
    int cost = t.settings.bcryptCost;
    nu.passwordHash = hashes_.run([&] { return PasswordHasher::hash(password, cost); });
    UserStore::Conflict conflict;
    auto lease = pool_.acquire();
    auto u = UserStore(*lease, t).insert(nu, nullptr, 0, conflict);
    if (!u)
        throw AuthError(conflict == UserStore::Conflict::Username ? AuthFailure::UsernameTaken
                                                                  : AuthFailure::EmailTaken);
    return *u;
}

std::optional<User> AccountService::findUser(const tenant::Tenant& t, const std::string& id) {
    auto lease = pool_.acquire();
    return UserStore(*lease, t).findById(id);
}

}  // namespace ta::identity
