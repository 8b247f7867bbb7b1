#include "plan/PlanStore.h"

#include "db/DbError.h"
#include "db/SqlText.h"

namespace ta::plan {

namespace {
#define TA_PLAN_COLUMNS                                             \
    "id, name, max_api_keys, requests_per_minute, " TA_SQL_ISO8601( \
        "created_at") ", " TA_SQL_ISO8601("updated_at")
const db::Query kList{"plans.list",
                      "SELECT " TA_PLAN_COLUMNS " FROM {schema}.plans ORDER BY created_at, id"};
const db::Query kFind{"plans.find", "SELECT " TA_PLAN_COLUMNS " FROM {schema}.plans WHERE id = $1"};
const db::Query kUpsert{
    "plans.upsert",
    "INSERT INTO {schema}.plans AS p (id, name, max_api_keys, requests_per_minute) VALUES ($1, $2, "
    "$3, $4) "
    "ON CONFLICT (id) DO UPDATE SET name = excluded.name, max_api_keys = excluded.max_api_keys, "
    "requests_per_minute = excluded.requests_per_minute, updated_at = now() "
    "RETURNING " TA_PLAN_COLUMNS ", (xmax = 0)"};
const db::Query kDelete{"plans.delete",
                        "DELETE FROM {schema}.plans WHERE id = $1 AND NOT EXISTS "
                        "(SELECT 1 FROM {schema}.users WHERE plan_id = $1)"};
#undef TA_PLAN_COLUMNS

Plan fromRow(const db::Result& r, int i) {
    return {
        r.str(i, 0), r.str(i, 1), static_cast<int>(r.int64(i, 2)), static_cast<int>(r.int64(i, 3)),
        r.str(i, 4), r.str(i, 5)};
}
}  // namespace

std::vector<Plan> PlanStore::list() {
    db::Result r = c_.exec(t_.statement(kList), {});
    std::vector<Plan> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(fromRow(r, i));
    return out;
}

std::optional<Plan> PlanStore::find(const std::string& id) {
    db::Result r = c_.exec(t_.statement(kFind), {id});
    if (r.empty()) return std::nullopt;
    return fromRow(r, 0);
}

Plan PlanStore::upsert(const Plan& p, bool& created) {
    db::Result r =
        c_.exec(t_.statement(kUpsert), {p.id, p.name, p.maxApiKeys, p.requestsPerMinute});
    created = r.boolean(0, 6);
    return fromRow(r, 0);
}

PlanStore::Removal PlanStore::remove(const std::string& id) {
    try {
        if (c_.exec(t_.statement(kDelete), {id}).affected() == 1) return Removal::Removed;
    } catch (const db::QueryError& e) {
        // A user moved onto the plan between the check and the delete.
        if (e.sqlstate() == "23503") return Removal::InUse;
        throw;
    }
    return find(id) ? Removal::InUse : Removal::NotFound;
}

}  // namespace ta::plan
