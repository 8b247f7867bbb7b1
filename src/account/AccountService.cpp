#include "account/AccountService.h"

#include "audit/AuditStore.h"
#include "credential/PasswordHasher.h"
#include "credential/PasswordPolicy.h"
#include "identity/Email.h"
#include "token/RefreshTokenStore.h"
#include "util/Base64Url.h"
#include "util/Digest.h"
#include "util/Random.h"

namespace ta::account {

using credential::PasswordHasher;
using domain::Reason;
using domain::Refusal;
using identity::User;

std::string AccountService::hashToken(const std::string& token) {
    return util::Digest::sha256Hex(token);
}

Session AccountService::registerUser(const tenant::Tenant& t, const std::string& email,
                                     const std::string& password,
                                     const std::optional<std::string>& fullName) {
    if (!identity::Email::valid(email))
        throw Refusal(Reason::Invalid, "email is not a valid email address");
    credential::PasswordPolicy::check(password);
    if (fullName && fullName->size() > 200)
        throw Refusal(Reason::Invalid, "full_name must be at most 200 bytes");
    int cost = t.settings.bcryptCost;
    identity::NewUser nu;
    nu.email = email;
    nu.fullName = fullName;
    nu.passwordHash = hashes_.run(t.slug, [&] { return PasswordHasher::hash(password, cost); });
    Session s;
    s.refreshToken = util::Random::base64url(32);
    std::string refreshHash = hashToken(s.refreshToken);
    identity::UserStore::Conflict conflict;
    std::optional<User> u;
    {
        auto lease = pool_.acquire();
        db::Transaction tx(*lease);
        u = identity::UserStore(*lease, t).insert(
            nu, &refreshHash, clock_.nowSeconds() + t.settings.refreshTokenTtl, conflict);
        if (u) {
            if (verification_) verification_->onRegistered(*lease, t, *u);
            tx.commit();
        }
    }
    if (!u) throw Refusal(Reason::EmailTaken);
    s.accessToken = tokens_.issue(t, *u);
    s.user = std::move(*u);
    return s;
}

bool AccountService::passwordMatches(const tenant::Tenant& t, const User& u,
                                     const std::string& password) {
    // Accounts without a password verify against a dummy: the same time, never a match.
    const std::string& stored =
        u.passwordHash.empty() ? PasswordHasher::dummyHash(t.settings.bcryptCost) : u.passwordHash;
    int cost = t.settings.bcryptCost;
    bool ok =
        hashes_.run(t.slug, [&] { return PasswordHasher::verifyAtCost(password, stored, cost); });
    return ok && !u.passwordHash.empty();
}

void AccountService::refuse(const tenant::Tenant& t, const LoginLockout& lock,
                            const std::string& userId, const char* reason,
                            const audit::Origin& origin, Refusal refusal, bool counts) {
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    if (counts) lock.recordFailure(*lease);
    audit::AuditStore(*lease, t).record(
        audit::AuditEvent("login.failure", userId).with("reason", reason), origin);
    tx.commit();
    throw refusal;
}

Session AccountService::login(const tenant::Tenant& t, const LoginAttempt& a) {
    credential::PasswordPolicy::checkPresented(a.password);
    std::optional<User> u;
    int lockedFor = 0;
    std::optional<LoginLockout> lock;
    {
        auto lease = pool_.acquire();
        identity::UserStore users(*lease, t);
        u = a.byUsername ? users.findByLogin(a.login) : users.findByEmail(a.login);
        lock.emplace(t, u, a.login, a.origin.clientAddr);
        lockedFor = lock->lockedFor(*lease);
    }
    std::string userId = u ? u->id : std::string();
    // Locked: the same answer whether the password is right or wrong, and no bcrypt.
    if (lockedFor > 0)
        refuse(t, *lock, userId, "locked", a.origin, Refusal(Reason::Locked, "", lockedFor), false);
    // Unknown accounts cost the same bcrypt as known ones: timing reveals nothing.
    if (!passwordMatches(t, u ? *u : User{}, a.password))
        refuse(t, *lock, userId, "password", a.origin, Refusal(Reason::BadCredentials), true);
    if (u->disabled)
        refuse(t, *lock, userId, "disabled", a.origin, Refusal(Reason::BadCredentials), false);
    if (u->totpEnabled) {
        if (!a.totp || a.totp->empty())
            refuse(t, *lock, userId, "2fa", a.origin, Refusal(Reason::TotpRequired), true);
        if (!twoFactor_.acceptLoginCode(t, *u, *a.totp, a.origin))
            refuse(t, *lock, userId, "2fa", a.origin, Refusal(Reason::TotpInvalid), true);
    }
    // An imported $2a$/$2y$ hash, or one at another cost than the tenant's now: the
    // password is at hand, so store it the tenant's way ($2b$, tenant cost).
    std::optional<std::string> rehash;
    int cost = t.settings.bcryptCost;
    if (PasswordHasher::needsRehash(u->passwordHash, cost))
        rehash = hashes_.run(t.slug, [&] { return PasswordHasher::hash(a.password, cost); });
    Session s;
    s.refreshToken = util::Random::base64url(32);
    {
        auto lease = pool_.acquire();
        db::Transaction tx(*lease);
        lock->recordSuccess(*lease);
        if (rehash) identity::UserStore(*lease, t).setPasswordHash(u->id, *rehash);
        token::RefreshTokenStore(*lease, t).insert(
            u->id, hashToken(s.refreshToken), clock_.nowSeconds() + t.settings.refreshTokenTtl);
        audit::AuditStore(*lease, t).record(audit::AuditEvent("login.success", u->id), a.origin);
        tx.commit();
    }
    s.accessToken = tokens_.issue(t, *u);
    s.user = std::move(*u);
    return s;
}

namespace {
// With a reuse grace, a rotation's successor is HMAC(old token, random seed): the seed
// is kept on the old row for the grace, so the old token presented again can be given
// the very same successor, while the table alone (which never holds a token) cannot.
std::string successorOf(const std::string& token, const std::string& seed) {
    return util::Base64Url::encode(util::Digest::hmacSha256(token, "refresh successor " + seed));
}
}  // namespace

Session AccountService::refresh(const tenant::Tenant& t, const std::string& refreshToken,
                                const audit::Origin& origin) {
    if (refreshToken.empty() || refreshToken.size() > 128) throw Refusal(Reason::InvalidRefresh);
    const tenant::TenantSettings& settings = t.settings;
    const int grace = settings.refreshReuseGraceSeconds;
    Session s;
    std::string seed;
    if (grace > 0) {
        seed = util::Random::base64url(16);
        s.refreshToken = successorOf(refreshToken, seed);
    } else {
        s.refreshToken = util::Random::base64url(32);
    }
    std::string oldHash = hashToken(refreshToken);
    std::int64_t now = clock_.nowSeconds();
    auto lease = pool_.acquire();
    token::RefreshTokenStore store(*lease, t);
    auto u = store.rotate(oldHash, hashToken(s.refreshToken), now + settings.refreshTokenTtl, now,
                          settings.maxSessionAge, grace > 0 ? &seed : nullptr);
    if (!u && grace > 0) {
        // Rotated moments ago (another tab refreshed at the same time): the same answer
        // that tab got, as long as that successor is still the family's live token.
        if (auto rotated = store.rotatedWithin(oldHash, grace)) {
            std::string successor = successorOf(refreshToken, rotated->seed);
            u = store.liveInFamily(hashToken(successor), rotated->familyId, now,
                                   settings.maxSessionAge);
            if (u) s.refreshToken = successor;
        }
    }
    if (!u) {
        // A rotated token seen again means it leaked (or raced): end that whole login.
        db::Transaction tx(*lease);
        if (auto owner = store.revokeFamilyIfRotated(oldHash))
            audit::AuditStore(*lease, t).record(audit::AuditEvent("refresh.reuse", *owner), origin);
        tx.commit();
        throw Refusal(Reason::InvalidRefresh);
    }
    s.accessToken = tokens_.issue(t, *u);
    s.user = std::move(*u);
    return s;
}

void AccountService::logout(const tenant::Tenant& t, const std::string& userId,
                            const std::string& refreshToken, const audit::Origin& origin) {
    if (refreshToken.empty() || refreshToken.size() > 128) return;
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    // Revoke only a token of the caller: someone else's cookie is left alone.
    if (token::RefreshTokenStore(*lease, t).revokeFamily(hashToken(refreshToken),
                                                         clock_.nowSeconds(), &userId))
        audit::AuditStore(*lease, t).record(audit::AuditEvent("logout", userId), origin);
    tx.commit();
}

std::optional<std::string> AccountService::signOut(const tenant::Tenant& t,
                                                   const std::string& refreshToken,
                                                   const audit::Origin& origin) {
    if (refreshToken.empty() || refreshToken.size() > 128) return std::nullopt;
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    auto userId = token::RefreshTokenStore(*lease, t).revokeFamily(hashToken(refreshToken),
                                                                   clock_.nowSeconds());
    if (userId) audit::AuditStore(*lease, t).record(audit::AuditEvent("logout", *userId), origin);
    tx.commit();
    return userId;
}

User AccountService::createUser(const tenant::Tenant& t, identity::NewUser nu,
                                const std::string& password) {
    if (!identity::Email::valid(nu.email))
        throw Refusal(Reason::Invalid, "email is not a valid email address");
    if (nu.username && !User::validUsername(*nu.username))
        throw Refusal(Reason::Invalid, "username must be 1 to 64 letters, digits, '.', '_' or '-'");
    credential::PasswordPolicy::check(password);
    if (!User::validAuthority(nu.authority))
        throw Refusal(Reason::Invalid, "authority must be USER, DEVELOPER or ADMIN");
    int cost = t.settings.bcryptCost;
    nu.passwordHash = hashes_.run(t.slug, [&] { return PasswordHasher::hash(password, cost); });
    identity::UserStore::Conflict conflict;
    auto lease = pool_.acquire();
    auto u = identity::UserStore(*lease, t).insert(nu, nullptr, 0, conflict);
    if (!u)
        throw Refusal(conflict == identity::UserStore::Conflict::Username ? Reason::UsernameTaken
                                                                          : Reason::EmailTaken);
    return *u;
}

void AccountService::disableTwoFactor(const tenant::Tenant& t, const User& u,
                                      const std::string& password, const std::string& code,
                                      const audit::Origin& origin) {
    credential::PasswordPolicy::checkPresented(password);
    if (!u.totpEnabled) throw Refusal(Reason::Invalid, "2FA is not enabled");
    LoginLockout lock(t, u, u.email, origin.clientAddr);
    {
        auto lease = pool_.acquire();
        if (int wait = lock.lockedFor(*lease)) throw Refusal(Reason::Locked, "", wait);
    }
    // Password first, so a wrong password does not use up the code.
    if (!passwordMatches(t, u, password))
        refuse(t, lock, u.id, "password", origin, Refusal(Reason::BadCredentials), true);
    if (!twoFactor_.acceptLoginCode(t, u, code, origin))
        refuse(t, lock, u.id, "2fa", origin, Refusal(Reason::BadCredentials), true);
    twoFactor_.disable(t, u, origin);
}

}  // namespace ta::account
