#include "account/CallerStore.h"

#include "identity/UserStore.h"

namespace ta::account {

namespace {
#define TA_PLAN_LIMIT "(SELECT requests_per_minute FROM {schema}.plans p WHERE p.id = plan_id)"
const db::Query kByUserId{"callers.byUserId",
                          "SELECT " TA_USER_COLUMNS ", " TA_PLAN_LIMIT
                          ", NULL, false FROM {schema}.users WHERE id = $1::uuid"};
const db::Query kByKeyHash{
    "callers.byKeyHash",
    "WITH k AS (SELECT id AS key_id, user_id AS key_user, "
    "  (last_used_at IS NULL OR last_used_at < now() - interval '60 seconds') AS stale "
    "  FROM {schema}.api_keys WHERE key_hash = $1 AND revoked_at IS NULL) "
    "SELECT " TA_USER_COLUMNS ", " TA_PLAN_LIMIT
    ", k.key_id, k.stale "
    "FROM k JOIN {schema}.users ON id = k.key_user"};
#undef TA_PLAN_LIMIT

constexpr int kLimitColumn = 15;

Caller fromRow(const db::Result& r) {
    Caller c;
    c.user = identity::UserStore::fromRow(r, 0);
    c.requestsPerMinute =
        r.isNull(0, kLimitColumn) ? 1 : static_cast<int>(r.int64(0, kLimitColumn));
    c.apiKeyId = r.str(0, kLimitColumn + 1);
    return c;
}
}  // namespace

std::optional<Caller> CallerStore::byUserId(const std::string& id) {
    if (!identity::UserStore::validUuid(id)) return std::nullopt;
    db::Result r = c_.exec(t_.statement(kByUserId), {id});
    if (r.empty()) return std::nullopt;
    return fromRow(r);
}

std::optional<Caller> CallerStore::byKeyHash(const std::string& hash, bool& stale) {
    db::Result r = c_.exec(t_.statement(kByKeyHash), {hash});
    if (r.empty()) return std::nullopt;
    stale = r.boolean(0, kLimitColumn + 2);
    return fromRow(r);
}

}  // namespace ta::account
