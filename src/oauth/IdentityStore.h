#pragma once
#include <optional>
#include <string>

#include "db/Connection.h"
#include "identity/User.h"
#include "oauth/OAuthProvider.h"
#include "tenant/Tenant.h"

namespace ta::oauth {

// A tenant's oauth_identities: which user a provider account belongs to. A user holds
// at most one account per provider, and any number of providers.
class IdentityStore {
public:
    IdentityStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    // The user linked to the provider account, locked for the rest of the transaction.
    std::optional<identity::User> userOf(const std::string& provider,
                                         const std::string& providerUserId);
    // Links the account to `userId`; false when the user already holds another account
    // of this provider or the account is linked already (unique keys).
    bool link(const std::string& userId, const std::string& provider, const ProviderProfile& p);
    // A new user with the provider's verified email (email_verified true, no password)
    // and the link, in one statement; nullopt when the email or account was taken
    // meanwhile.
    std::optional<identity::User> createUser(const std::string& provider, const ProviderProfile& p);
    // The provider proved the address of an unverified account: it becomes verified,
    // and the password someone set without proving the address is dropped.
    identity::User claimUnverified(const std::string& userId);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::oauth
