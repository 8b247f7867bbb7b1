#include "audit/AuditStore.h"

#include <sstream>

#include "db/SqlText.h"

namespace ta::audit {

namespace {
const db::Query kInsert{
    "audit.insert",
    "INSERT INTO {schema}.audit_events (type, user_id, actor_id, client_addr, request_id, details) "
    "VALUES ($1, nullif($2, '')::uuid, nullif($3, '')::uuid, nullif($4, ''), nullif($5, ''), "
    "$6::jsonb)"};
const db::Query kList{
    "audit.list",
    "SELECT id, " TA_SQL_ISO8601("created_at") ", type, "
    "user_id, actor_id, client_addr, request_id, details::text FROM {schema}.audit_events "
    "WHERE ($3 = '' OR type = $3) ORDER BY created_at DESC, id DESC LIMIT $1 OFFSET $2"};
const db::Query kPrune{
    "audit.prune",
    "DELETE FROM {schema}.audit_events WHERE created_at < now() - make_interval(days => $1)"};
}  // namespace

void AuditStore::record(const AuditEvent& e, const Origin& o) {
    std::ostringstream details;
    e.details->stringify(details);
    c_.exec(t_.statement(kInsert),
            {e.type, e.userId, e.actorId, o.clientAddr, o.requestId, details.str()});
}

std::vector<AuditRecord> AuditStore::list(int limit, int offset, const std::string& type) {
    db::Result r = c_.exec(t_.statement(kList), {limit, offset, type});
    std::vector<AuditRecord> out;
    auto opt = [&](int i, int col) -> std::optional<std::string> {
        if (r.isNull(i, col)) return std::nullopt;
        return r.str(i, col);
    };
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.int64(i, 0), r.str(i, 1), r.str(i, 2), opt(i, 3), opt(i, 4), opt(i, 5),
                       opt(i, 6), r.str(i, 7)});
    return out;
}

int AuditStore::prune(int days) { return c_.exec(t_.statement(kPrune), {days}).affected(); }

}  // namespace ta::audit
