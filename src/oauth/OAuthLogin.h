#pragma once
#include <optional>
#include <string>
#include <utility>

#include "account/AccountService.h"
#include "audit/Origin.h"
#include "db/Pool.h"
#include "mfa/TwoFactor.h"
#include "oauth/GitHubProvider.h"
#include "oauth/GoogleProvider.h"
#include "oauth/ProviderHttp.h"
#include "tenant/Tenant.h"
#include "token/AccessTokens.h"
#include "util/Clock.h"
#include "util/SecretBox.h"

namespace ta::oauth {

// Sign-in with GitHub or Google (authorization code flow with state and PKCE S256),
// the linking rules of API.md, and the provider logins of 2FA users that wait for
// their code. Throws domain::Refusal: Invalid (state, code), NotFound (provider not
// configured for the tenant), Upstream (502: provider down, slow, refusing or
// answering garbage), Forbidden (no verified email, disabled account), Conflict
// (the account holds another account of the provider); db::Unavailable.
class OAuthLogin {
public:
    static constexpr int kStateSeconds = 600;    // an authorization request lives 10 minutes
    static constexpr int kPendingSeconds = 300;  // a 2FA user has 5 minutes for the code

    OAuthLogin(db::Pool& pool, const util::SecretBox& box, const token::AccessTokens& tokens,
               mfa::TwoFactor& twoFactor, const util::Clock& clock)
        : pool_(pool), box_(box), tokens_(tokens), twoFactor_(twoFactor), clock_(clock) {}

    const OAuthProvider& github() const { return github_; }
    const OAuthProvider& google() const { return google_; }

    struct Start {
        std::string location;       // the provider's authorize URL with every parameter
        std::string browserSecret;  // for the HttpOnly cookie that binds the state
    };
    Start start(const tenant::Tenant& t, const OAuthProvider& p);

    // A session, or (user with 2FA on) a ticket for completeTwoFactor.
    struct Outcome {
        std::optional<account::Session> session;
        std::string pendingTicket;
    };
    // The provider's redirect back: state (bound to `browserSecret`), then the code, or
    // the provider's `error` (the user cancelled) as a 400.
    Outcome finish(const tenant::Tenant& t, const OAuthProvider& p, const std::string& state,
                   const std::string& code, const std::string& providerError,
                   const std::string& browserSecret, const audit::Origin& origin);
    // A code the front end obtained itself (Google web flow): no state, no PKCE.
    Outcome exchangeWebCode(const tenant::Tenant& t, const OAuthProvider& p,
                            const std::string& code, const std::string& redirectUri,
                            const audit::Origin& origin);
    // STATUS /github/auth: the GitHub token for a code; Upstream "Failed to retrieve
    // GitHub token" on any failure.
    std::pair<std::string, std::string> githubToken(const tenant::Tenant& t,
                                                    const std::string& code);
    // The TOTP (or recovery) code of a pending provider login, under the lockout.
    account::Session completeTwoFactor(const tenant::Tenant& t, const std::string& ticket,
                                       const std::optional<std::string>& code,
                                       const audit::Origin& origin);

private:
    ProviderClient client(const tenant::Tenant& t, const OAuthProvider& p) const;
    ProviderProfile fetchProfile(const tenant::Tenant& t, const OAuthProvider& p,
                                 const ProviderClient& c, const std::string& code,
                                 const std::string& redirectUri, const std::string& verifier,
                                 const audit::Origin& origin);
    Outcome signIn(const tenant::Tenant& t, const OAuthProvider& p, const ProviderProfile& prof,
                   const audit::Origin& origin);
    // Issues the refresh token (and its audit record) on `c` inside the caller's transaction.
    account::Session openSession(db::Connection& c, const tenant::Tenant& t, identity::User u,
                                 const std::string& method, const audit::Origin& origin);

    db::Pool& pool_;
    const util::SecretBox& box_;
    const token::AccessTokens& tokens_;
    mfa::TwoFactor& twoFactor_;
    const util::Clock& clock_;
    GitHubProvider github_;
    GoogleProvider google_;
};

}  // namespace ta::oauth
