#include "apikey/ApiKeyStore.h"

#include "db/SqlText.h"

namespace ta::apikey {

namespace {
#define TA_KEY_COLUMNS \
    "id, name, key_prefix, " TA_SQL_ISO8601("last_used_at") ", " TA_SQL_ISO8601("created_at") ", " TA_SQL_ISO8601("revoked_" \
                                                                                       "at")
const db::Query kLockUser{
    "apikeys.lockUser",
    "SELECT p.max_api_keys FROM {schema}.users u JOIN {schema}.plans p ON p.id = u.plan_id "
    "WHERE u.id = $1::uuid FOR UPDATE OF u"};
const db::Query kCountLive{
    "apikeys.countLive",
    "SELECT count(*) FROM {schema}.api_keys WHERE user_id = $1::uuid AND revoked_at IS NULL"};
const db::Query kInsert{"apikeys.insert",
                        "INSERT INTO {schema}.api_keys (id, user_id, name, key_prefix, key_hash) "
                        "VALUES ($1, $2::uuid, $3, $4, $5) "
                        "RETURNING " TA_KEY_COLUMNS};
const db::Query kList{
    "apikeys.list",
    "SELECT " TA_KEY_COLUMNS
    " FROM {schema}.api_keys WHERE user_id = $1::uuid ORDER BY created_at DESC, id DESC"};
// now() is the transaction's start: equal only when this statement set it.
const db::Query kRevoke{"apikeys.revoke",
                        "UPDATE {schema}.api_keys SET revoked_at = coalesce(revoked_at, now()) "
                        "WHERE id = $2 AND user_id = $1::uuid "
                        "RETURNING " TA_KEY_COLUMNS ", revoked_at = now()"};
const db::Query kRevokeUser{"apikeys.revokeUser",
                            "UPDATE {schema}.api_keys SET revoked_at = now() WHERE user_id = "
                            "$1::uuid AND revoked_at IS NULL"};
const db::Query kTouch{
    "apikeys.touch",
    "UPDATE {schema}.api_keys SET last_used_at = now() WHERE id = $1 "
    "AND (last_used_at IS NULL OR last_used_at < now() - interval '60 seconds')"};
#undef TA_KEY_COLUMNS

std::optional<std::string> opt(const db::Result& r, int i, int col) {
    if (r.isNull(i, col)) return std::nullopt;
    return r.str(i, col);
}

ApiKey fromRow(const db::Result& r, int i) {
    return {r.str(i, 0), r.str(i, 1), r.str(i, 2), opt(r, i, 3), r.str(i, 4), opt(r, i, 5)};
}
}  // namespace

std::optional<int> ApiKeyStore::lockUserCap(const std::string& userId) {
    db::Result r = c_.exec(t_.statement(kLockUser), {userId});
    if (r.empty()) return std::nullopt;
    return static_cast<int>(r.int64(0, 0));
}

int ApiKeyStore::countLive(const std::string& userId) {
    return static_cast<int>(c_.exec(t_.statement(kCountLive), {userId}).int64(0, 0));
}

ApiKey ApiKeyStore::insert(const std::string& id, const std::string& userId,
                           const std::string& name, const std::string& prefix,
                           const std::string& hash) {
    return fromRow(c_.exec(t_.statement(kInsert), {id, userId, name, prefix, hash}), 0);
}

std::vector<ApiKey> ApiKeyStore::list(const std::string& userId) {
    db::Result r = c_.exec(t_.statement(kList), {userId});
    std::vector<ApiKey> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(fromRow(r, i));
    return out;
}

std::optional<ApiKey> ApiKeyStore::revoke(const std::string& userId, const std::string& id,
                                          bool& fresh) {
    db::Result r = c_.exec(t_.statement(kRevoke), {userId, id});
    if (r.empty()) return std::nullopt;
    fresh = r.boolean(0, 6);
    return fromRow(r, 0);
}

void ApiKeyStore::revokeAllOfUser(const std::string& userId) {
    c_.exec(t_.statement(kRevokeUser), {userId});
}

void ApiKeyStore::touch(const std::string& id) { c_.exec(t_.statement(kTouch), {id}); }

}  // namespace ta::apikey
