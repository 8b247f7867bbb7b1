#include "oauth/OAuthStateStore.h"

namespace ta::oauth {

namespace {
const db::Query kInsert{
    "oauth.stateInsert",
    "WITH gone AS (DELETE FROM {schema}.oauth_states WHERE expires_at < now()) "
    "INSERT INTO {schema}.oauth_states (state_hash, provider, browser_hash, expires_at) "
    "VALUES ($1, $2, $3, to_timestamp($4))"};
const db::Query kConsume{"oauth.stateConsume",
                         "DELETE FROM {schema}.oauth_states WHERE state_hash = $1 AND provider = "
                         "$2 AND browser_hash = $3 RETURNING expires_at > to_timestamp($4)"};
const db::Query kInsertPending{
    "oauth.pendingInsert",
    "WITH gone AS (DELETE FROM {schema}.oauth_pending_logins WHERE expires_at < now()) "
    "INSERT INTO {schema}.oauth_pending_logins (ticket_hash, user_id, provider, expires_at) "
    "VALUES ($1, $2::uuid, $3, to_timestamp($4))"};
const db::Query kPending{"oauth.pending",
                         "SELECT user_id::text, provider FROM {schema}.oauth_pending_logins "
                         "WHERE ticket_hash = $1 AND expires_at > to_timestamp($2)"};
const db::Query kConsumePending{
    "oauth.pendingConsume",
    "DELETE FROM {schema}.oauth_pending_logins WHERE ticket_hash = $1 RETURNING 1"};
}  // namespace

void OAuthStateStore::insert(const std::string& stateHash, const std::string& provider,
                             const std::string& browserHash, std::int64_t expiresAt) {
    c_.exec(t_.statement(kInsert), {stateHash, provider, browserHash, expiresAt});
}

bool OAuthStateStore::consume(const std::string& stateHash, const std::string& provider,
                              const std::string& browserHash, std::int64_t now) {
    db::Result r = c_.exec(t_.statement(kConsume), {stateHash, provider, browserHash, now});
    return !r.empty() && r.boolean(0, 0);
}

void OAuthStateStore::insertPending(const std::string& ticketHash, const std::string& userId,
                                    const std::string& provider, std::int64_t expiresAt) {
    c_.exec(t_.statement(kInsertPending), {ticketHash, userId, provider, expiresAt});
}

std::optional<std::pair<std::string, std::string>> OAuthStateStore::pending(
    const std::string& ticketHash, std::int64_t now) {
    db::Result r = c_.exec(t_.statement(kPending), {ticketHash, now});
    if (r.empty()) return std::nullopt;
    return std::make_pair(r.str(0, 0), r.str(0, 1));
}

bool OAuthStateStore::consumePending(const std::string& ticketHash) {
    return !c_.exec(t_.statement(kConsumePending), {ticketHash}).empty();
}

}  // namespace ta::oauth
