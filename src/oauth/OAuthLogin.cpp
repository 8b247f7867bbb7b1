#include "oauth/OAuthLogin.h"

#include <cctype>

#include "account/LoginLockout.h"
#include "admin/SettingsAdmin.h"
#include "apikey/ApiKeyStore.h"
#include "audit/AuditStore.h"
#include "domain/Refusal.h"
#include "identity/Email.h"
#include "identity/UserStore.h"
#include "oauth/IdentityStore.h"
#include "oauth/OAuthStateStore.h"
#include "oauth/Pkce.h"
#include "token/RefreshTokenStore.h"
#include "util/Base64Url.h"
#include "util/Digest.h"
#include "util/Log.h"
#include "util/Random.h"

namespace ta::oauth {

using domain::Reason;
using domain::Refusal;

namespace {
constexpr std::size_t kMaxParam = 512;  // state, code, cookie: far above any real one

std::string hashOf(const std::string& s) { return util::Digest::sha256Hex(s); }

[[noreturn]] void badState() { throw Refusal(Reason::Invalid, "Invalid or expired OAuth state"); }

void requireCode(const std::string& code) {
    if (code.empty()) throw Refusal(Reason::Invalid, "code is required");
    if (code.size() > kMaxParam) throw Refusal(Reason::Invalid, "code is too long");
}
}  // namespace

ProviderClient OAuthLogin::client(const tenant::Tenant& t, const OAuthProvider& p) const {
    ProviderClient c = p.registration(t.settings);
    if (!c.clientSecret.empty()) {
        auto sealed = util::Base64Url::decode(c.clientSecret);
        auto plain = sealed ? box_.open(*sealed, admin::SettingsAdmin::secretAad(
                                                     t.id, std::string(p.id()) + ".clientSecret"))
                            : std::nullopt;
        c.clientSecret = plain ? *plain : std::string();
    }
    if (!c.configured())
        throw Refusal(Reason::NotFound, std::string(p.label()) + " sign-in is not configured");
    return c;
}

OAuthLogin::Start OAuthLogin::start(const tenant::Tenant& t, const OAuthProvider& p) {
    ProviderClient c = client(t, p);
    Start s;
    s.browserSecret = util::Random::base64url(32);
    AuthorizeRequest r;
    r.state = util::Random::base64url(32);
    r.codeChallenge = Pkce::challengeS256(Pkce::verifier(s.browserSecret, r.state));
    {
        auto lease = pool_.acquire();
        OAuthStateStore(*lease, t).insert(hashOf(r.state), p.id(), hashOf(s.browserSecret),
                                          clock_.nowSeconds() + kStateSeconds);
    }
    s.location = p.authorizeUrl(t.settings, c, r);
    return s;
}

ProviderProfile OAuthLogin::fetchProfile(const tenant::Tenant& t, const OAuthProvider& p,
                                         const ProviderClient& c, const std::string& code,
                                         const std::string& redirectUri,
                                         const std::string& verifier, const audit::Origin& origin) {
    try {
        ProviderHttp http;  // one time budget for the whole conversation
        auto token = p.exchange(p.tokenUrl(t.settings), http, c, code, redirectUri, verifier);
        return p.profile(t.settings, http, token.first);
    } catch (const ProviderHttp::Failure& e) {
        util::Log::write(util::Log::Warn, "rid=" + origin.requestId + " tenant=" + t.slug + " " +
                                              p.id() + " sign-in failed: " + e.what());
        throw Refusal(Reason::Upstream, std::string(p.label()) +
                                            " sign-in failed: the provider did not answer as "
                                            "expected, try again later");
    }
}

OAuthLogin::Outcome OAuthLogin::finish(const tenant::Tenant& t, const OAuthProvider& p,
                                       const std::string& state, const std::string& code,
                                       const std::string& providerError,
                                       const std::string& browserSecret,
                                       const audit::Origin& origin) {
    if (state.empty() || browserSecret.empty() || state.size() > kMaxParam ||
        browserSecret.size() > kMaxParam)
        badState();
    {
        auto lease = pool_.acquire();
        if (!OAuthStateStore(*lease, t).consume(hashOf(state), p.id(), hashOf(browserSecret),
                                                clock_.nowSeconds()))
            badState();
    }
    if (code.empty() && !providerError.empty()) {
        // RFC 6749 4.1.2.1 error codes are short ASCII words; anything else is not echoed.
        bool word = providerError.size() <= 64;
        for (unsigned char ch : providerError) word = word && (std::isalnum(ch) || ch == '_');
        throw Refusal(Reason::Invalid, std::string(p.label()) + " sign-in was not completed: " +
                                           (word ? providerError : "error"));
    }
    requireCode(code);
    ProviderClient c = client(t, p);
    ProviderProfile prof =
        fetchProfile(t, p, c, code, c.redirectUri, Pkce::verifier(browserSecret, state), origin);
    return signIn(t, p, prof, origin);
}

OAuthLogin::Outcome OAuthLogin::exchangeWebCode(const tenant::Tenant& t, const OAuthProvider& p,
                                                const std::string& code,
                                                const std::string& redirectUri,
                                                const audit::Origin& origin) {
    requireCode(code);
    ProviderClient c = client(t, p);
    return signIn(t, p, fetchProfile(t, p, c, code, redirectUri, "", origin), origin);
}

std::pair<std::string, std::string> OAuthLogin::githubToken(const tenant::Tenant& t,
                                                            const std::string& code) {
    const char* failed = "Failed to retrieve GitHub token";
    if (code.size() > kMaxParam) throw Refusal(Reason::Invalid, "code is too long");
    ProviderClient c;
    try {
        c = client(t, github_);
    } catch (const Refusal&) {
        throw Refusal(Reason::Upstream, failed);
    }
    try {
        return github_.exchange(t.settings.githubTokenUrl, ProviderHttp(), c, code, "", "");
    } catch (const ProviderHttp::Failure& e) {
        util::Log::write(util::Log::Warn,
                         "tenant=" + t.slug + " github token exchange failed: " + e.what());
        throw Refusal(Reason::Upstream, failed);
    }
}

OAuthLogin::Outcome OAuthLogin::signIn(const tenant::Tenant& t, const OAuthProvider& p,
                                       const ProviderProfile& prof, const audit::Origin& origin) {
    const std::string provider = p.id();
    // A second attempt sees what a concurrent sign-in of the same person committed
    // (a unique key refused this one's insert and aborted its transaction).
    for (int attempt = 0;; ++attempt) {
        auto lease = pool_.acquire();
        db::Transaction tx(*lease);
        IdentityStore ids(*lease, t);
        audit::AuditStore auditLog(*lease, t);
        std::optional<identity::User> u = ids.userOf(provider, prof.id);
        if (!u) {
            // An address the provider does not vouch for links to nothing and creates nothing.
            if (!prof.emailVerified || !identity::Email::valid(prof.email))
                throw Refusal(Reason::Forbidden, "The " + std::string(p.label()) +
                                                     " account has no verified email address");
            u = identity::UserStore(*lease, t).findByEmail(prof.email);
            bool created = !u;
            if (u) {
                if (!ids.link(u->id, provider, prof)) {
                    if (attempt == 0) continue;
                    throw Refusal(Reason::Conflict, "This account is already linked to another " +
                                                        std::string(p.label()) + " account");
                }
                if (!u->emailVerified) {
                    // Whoever registered this address never proved it; the provider just
                    // did. Their password, sessions and keys go (account pre-hijacking).
                    u = ids.claimUnverified(u->id);
                    token::RefreshTokenStore(*lease, t).revokeAllOfUser(u->id);
                    apikey::ApiKeyStore(*lease, t).revokeAllOfUser(u->id);
                }
            } else {
                u = ids.createUser(provider, prof);
                if (!u) {
                    if (attempt == 0) continue;
                    throw Refusal(Reason::Conflict, "Email already registered");
                }
            }
            auditLog.record(audit::AuditEvent("oauth.linked", u->id)
                                .with("provider", provider)
                                .with("created", created),
                            origin);
        }
        if (u->disabled) throw Refusal(Reason::Forbidden, "Account is disabled");
        Outcome out;
        if (u->totpEnabled) {
            out.pendingTicket = util::Random::base64url(32);
            OAuthStateStore(*lease, t).insertPending(hashOf(out.pendingTicket), u->id, provider,
                                                     clock_.nowSeconds() + kPendingSeconds);
            tx.commit();
            return out;
        }
        out.session = openSession(*lease, t, std::move(*u), provider, origin);
        tx.commit();
        out.session->accessToken = tokens_.issue(t, out.session->user);
        return out;
    }
}

account::Session OAuthLogin::openSession(db::Connection& c, const tenant::Tenant& t,
                                         identity::User u, const std::string& method,
                                         const audit::Origin& origin) {
    account::Session s;
    s.refreshToken = util::Random::base64url(32);
    token::RefreshTokenStore(c, t).insert(u.id, account::AccountService::hashToken(s.refreshToken),
                                          clock_.nowSeconds() + t.settings.refreshTokenTtl);
    audit::AuditStore(c, t).record(audit::AuditEvent("login.success", u.id).with("method", method),
                                   origin);
    s.user = std::move(u);
    return s;
}

account::Session OAuthLogin::completeTwoFactor(const tenant::Tenant& t, const std::string& ticket,
                                               const std::optional<std::string>& code,
                                               const audit::Origin& origin) {
    const char* expired = "Invalid or expired OAuth login";
    if (ticket.empty() || ticket.size() > kMaxParam) throw Refusal(Reason::Invalid, expired);
    const std::string hash = hashOf(ticket);
    std::optional<identity::User> u;
    std::string provider;
    std::optional<account::LoginLockout> lock;
    {
        auto lease = pool_.acquire();
        auto pending = OAuthStateStore(*lease, t).pending(hash, clock_.nowSeconds());
        if (pending) u = identity::UserStore(*lease, t).findById(pending->first);
        if (!u || u->disabled) throw Refusal(Reason::Invalid, expired);
        provider = pending->second;
        lock.emplace(t, u, u->email, origin.clientAddr);
        if (int wait = lock->lockedFor(*lease)) throw Refusal(Reason::Locked, "", wait);
    }
    auto failed = [&](Refusal r) {
        auto lease = pool_.acquire();
        db::Transaction tx(*lease);
        lock->recordFailure(*lease);
        audit::AuditStore(*lease, t).record(audit::AuditEvent("login.failure", u->id)
                                                .with("reason", "2fa")
                                                .with("method", provider),
                                            origin);
        tx.commit();
        throw r;
    };
    if (u->totpEnabled) {
        if (!code || code->empty()) throw Refusal(Reason::TotpRequired);
        if (!twoFactor_.acceptLoginCode(t, *u, *code, origin)) failed(Refusal(Reason::TotpInvalid));
    }
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    if (!OAuthStateStore(*lease, t).consumePending(hash)) throw Refusal(Reason::Invalid, expired);
    lock->recordSuccess(*lease);
    account::Session s = openSession(*lease, t, std::move(*u), provider, origin);
    tx.commit();
    s.accessToken = tokens_.issue(t, s.user);
    return s;
}

}  // namespace ta::oauth
