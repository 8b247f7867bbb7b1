#include "recovery/RecoveryStore.h"

namespace ta::recovery {

namespace {
const db::Query kIssueReset{
    "recovery.issueReset",
    "WITH u AS (SELECT id, email FROM {schema}.users WHERE lower(email) = lower($1) "
    "  AND NOT disabled), "
    "recent AS (SELECT count(*) AS n FROM {schema}.one_time_tokens WHERE purpose = "
    "  'reset_password' AND user_id = (SELECT id FROM u) AND created_at > now() - "
    "  interval '1 hour'), "
    "ok AS (SELECT u.id, u.email FROM u, recent WHERE $3::boolean AND recent.n < $4), "
    "void AS (UPDATE {schema}.one_time_tokens SET used_at = now() WHERE purpose = "
    "  'reset_password' AND used_at IS NULL AND user_id = (SELECT id FROM ok)), "
    "ins AS (INSERT INTO {schema}.one_time_tokens (token_hash, purpose, user_id, email, "
    "  expires_at) SELECT $2, 'reset_password', id, email, now() + make_interval(secs => $5) "
    "  FROM ok RETURNING user_id) "
    "SELECT (SELECT id FROM u), (SELECT email FROM u), EXISTS (SELECT 1 FROM ins)"};
const db::Query kIssueVerify{
    "recovery.issueVerify",
    "INSERT INTO {schema}.one_time_tokens (token_hash, purpose, user_id, email, expires_at) "
    "VALUES ($1, 'verify_email', $2::uuid, $3, now() + make_interval(secs => $4))"};
const db::Query kPeek{"recovery.peek",
                      "SELECT user_id, email FROM {schema}.one_time_tokens WHERE token_hash = $1 "
                      "AND purpose = $2 AND used_at IS NULL AND expires_at > now()"};
const db::Query kConsume{"recovery.consume",
                         "UPDATE {schema}.one_time_tokens SET used_at = now() WHERE token_hash = "
                         "$1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() "
                         "RETURNING user_id, email"};
const db::Query kSetPassword{
    "recovery.setPassword",
    "WITH u AS (UPDATE {schema}.users SET password_hash = $3, email_verified = email_verified "
    "  OR lower(email) = lower($2), updated_at = now() WHERE id = $1::uuid AND NOT disabled "
    "  RETURNING id), "
    "v AS (UPDATE {schema}.one_time_tokens SET used_at = now() WHERE purpose = 'reset_password' "
    "  AND used_at IS NULL AND user_id = (SELECT id FROM u)) "
    "SELECT count(*) FROM u"};
const db::Query kMarkVerified{"recovery.markVerified",
                              "UPDATE {schema}.users SET email_verified = true, updated_at = "
                              "now() WHERE id = $1::uuid AND lower(email) = lower($2)"};
const db::Query kPrune{"recovery.prune",
                       "DELETE FROM {schema}.one_time_tokens WHERE expires_at < now() - "
                       "interval '1 day'"};

std::optional<TokenOwner> owner(const db::Result& r) {
    if (r.empty()) return std::nullopt;
    return TokenOwner{r.str(0, 0), r.str(0, 1)};
}
}  // namespace

ResetIssue RecoveryStore::issueReset(const std::string& email, const std::string& hash,
                                     bool allowed, int perHour, int ttlSeconds) {
    db::Result r = c_.exec(t_.statement(kIssueReset), {email, hash, allowed, perHour, ttlSeconds});
    ResetIssue out;
    if (!r.isNull(0, 0)) out.userId = r.str(0, 0);
    out.email = r.str(0, 1);
    out.issued = r.boolean(0, 2);
    return out;
}

void RecoveryStore::issueVerify(const std::string& userId, const std::string& email,
                                const std::string& hash, int ttlSeconds) {
    c_.exec(t_.statement(kIssueVerify), {hash, userId, email, ttlSeconds});
}

std::optional<TokenOwner> RecoveryStore::peek(const std::string& hash, const char* purpose) {
    return owner(c_.exec(t_.statement(kPeek), {hash, purpose}));
}

std::optional<TokenOwner> RecoveryStore::consume(const std::string& hash, const char* purpose) {
    return owner(c_.exec(t_.statement(kConsume), {hash, purpose}));
}

bool RecoveryStore::setPassword(const std::string& userId, const std::string& email,
                                const std::string& passwordHash) {
    return c_.exec(t_.statement(kSetPassword), {userId, email, passwordHash}).int64(0, 0) > 0;
}

bool RecoveryStore::markVerified(const std::string& userId, const std::string& email) {
    return c_.exec(t_.statement(kMarkVerified), {userId, email}).affected() > 0;
}

int RecoveryStore::prune() { return c_.exec(t_.statement(kPrune), {}).affected(); }

}  // namespace ta::recovery
