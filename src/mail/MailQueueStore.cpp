#include "mail/MailQueueStore.h"

#include <cstdio>

namespace ta::mail {

namespace {
const db::Query kSignal{"mailqueue.signal",
                        "INSERT INTO {schema}.mail_queue AS q (tenant_id, due_at) "
                        "SELECT $2::uuid, now() WHERE $1::boolean ON CONFLICT (tenant_id) "
                        "DO UPDATE SET due_at = least(q.due_at, now())"};
const db::Query kDue{"mailqueue.due",
                     "SELECT tenant_id FROM {schema}.mail_queue WHERE due_at <= now() "
                     "ORDER BY due_at LIMIT $1"};
const db::Query kClaim{"mailqueue.claim",
                       "UPDATE {schema}.mail_queue SET due_at = now() + make_interval(secs => $2) "
                       "WHERE tenant_id = $1::uuid AND due_at <= now() RETURNING due_at::text"};
const db::Query kReschedule{"mailqueue.reschedule",
                            "UPDATE {schema}.mail_queue SET due_at = now() + make_interval(secs "
                            "=> $3::double precision) WHERE tenant_id = $1::uuid AND due_at = "
                            "$2::timestamptz"};
const db::Query kFinish{"mailqueue.finish",
                        "DELETE FROM {schema}.mail_queue WHERE tenant_id = $1::uuid AND due_at = "
                        "$2::timestamptz"};
}  // namespace

void MailQueueStore::signal(bool when, const std::string& tenantId) {
    c_.exec(db::controlStatements()[kSignal], {when, tenantId});
}

std::vector<std::string> MailQueueStore::due(int limit) {
    db::Result r = c_.exec(db::controlStatements()[kDue], {limit});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.str(i, 0));
    return out;
}

std::optional<std::string> MailQueueStore::claim(const std::string& tenantId, int leaseSeconds) {
    db::Result r = c_.exec(db::controlStatements()[kClaim], {tenantId, leaseSeconds});
    if (r.empty()) return std::nullopt;
    return r.str(0, 0);
}

void MailQueueStore::reschedule(const std::string& tenantId, const std::string& stamp,
                                double inSeconds) {
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.3f", inSeconds < 0 ? 0.0 : inSeconds);
    c_.exec(db::controlStatements()[kReschedule], {tenantId, stamp, secs});
}

void MailQueueStore::finish(const std::string& tenantId, const std::string& stamp) {
    c_.exec(db::controlStatements()[kFinish], {tenantId, stamp});
}

}  // namespace ta::mail
