#include "oauth/IdentityStore.h"

#include "db/DbError.h"
#include "identity/UserStore.h"

namespace ta::oauth {

namespace {
const db::Query kUserOf{"oauth.userOf",
                        "SELECT " TA_USER_COLUMNS
                        " FROM {schema}.users WHERE id = (SELECT user_id FROM "
                        "{schema}.oauth_identities WHERE provider = $1 AND provider_user_id = $2) "
                        "FOR UPDATE"};
const db::Query kLink{"oauth.link",
                      "INSERT INTO {schema}.oauth_identities (provider, provider_user_id, "
                      "user_id, email) VALUES ($1, $2, $3::uuid, $4)"};
const db::Query kCreate{
    "oauth.createUser",
    "WITH u AS (INSERT INTO {schema}.users (email, full_name, avatar_url, email_verified) "
    "VALUES ($1, $2, $3, true) RETURNING *), "
    "i AS (INSERT INTO {schema}.oauth_identities (provider, provider_user_id, user_id, email) "
    "SELECT $4, $5, u.id, $1 FROM u) "
    "SELECT " TA_USER_COLUMNS " FROM u"};
const db::Query kClaim{"oauth.claimUnverified",
                       "UPDATE {schema}.users SET email_verified = true, password_hash = NULL, "
                       "updated_at = now() WHERE id = $1::uuid RETURNING " TA_USER_COLUMNS};
}  // namespace

std::optional<identity::User> IdentityStore::userOf(const std::string& provider,
                                                    const std::string& providerUserId) {
    db::Result r = c_.exec(t_.statement(kUserOf), {provider, providerUserId});
    if (r.empty()) return std::nullopt;
    return identity::UserStore::fromRow(r, 0);
}

bool IdentityStore::link(const std::string& userId, const std::string& provider,
                         const ProviderProfile& p) {
    try {
        c_.exec(t_.statement(kLink), {provider, p.id, userId, p.email});
        return true;
    } catch (const db::QueryError& e) {
        if (!e.uniqueViolation()) throw;
        return false;
    }
}

std::optional<identity::User> IdentityStore::createUser(const std::string& provider,
                                                        const ProviderProfile& p) {
    try {
        db::Result r =
            c_.exec(t_.statement(kCreate), {p.email, p.name, p.avatarUrl, provider, p.id});
        return identity::UserStore::fromRow(r, 0);
    } catch (const db::QueryError& e) {
        if (!e.uniqueViolation()) throw;
        return std::nullopt;
    }
}

identity::User IdentityStore::claimUnverified(const std::string& userId) {
    return identity::UserStore::fromRow(c_.exec(t_.statement(kClaim), {userId}), 0);
}

}  // namespace ta::oauth
