#include "mail/OutboxStore.h"

#include <cstdlib>

namespace ta::mail {

namespace {
const db::Query kInsert{"outbox.insert",
                        "INSERT INTO {schema}.mail_outbox (kind, recipient, subject, body_sealed) "
                        "SELECT $2, $3, $4, $5 WHERE $1::boolean"};
const db::Query kClaim{
    "outbox.claim",
    "WITH due AS (SELECT id FROM {schema}.mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL "
    "  AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED) "
    "UPDATE {schema}.mail_outbox m SET attempts = m.attempts + 1, "
    "  next_attempt_at = now() + make_interval(secs => $2) FROM due WHERE m.id = due.id "
    "RETURNING m.id, m.kind, m.recipient, m.subject, m.body_sealed, m.attempts, "
    "  extract(epoch FROM now() - m.created_at)::bigint"};
const db::Query kSent{"outbox.sent",
                      "UPDATE {schema}.mail_outbox SET sent_at = now(), body_sealed = '', "
                      "last_error = NULL WHERE id = $1"};
const db::Query kRetry{"outbox.retry",
                       "UPDATE {schema}.mail_outbox SET next_attempt_at = now() + "
                       "make_interval(secs => $2), last_error = $3 WHERE id = $1 AND sent_at IS "
                       "NULL"};
const db::Query kFailed{"outbox.failed",
                        "UPDATE {schema}.mail_outbox SET failed_at = now(), body_sealed = '', "
                        "last_error = $2 WHERE id = $1 AND sent_at IS NULL"};
const db::Query kNextDue{"outbox.nextDue",
                         "SELECT extract(epoch FROM min(next_attempt_at) - now()) FROM "
                         "{schema}.mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL"};
const db::Query kPrune{
    "outbox.prune",
    "DELETE FROM {schema}.mail_outbox WHERE sent_at < now() - "
    "make_interval(secs => $1) OR failed_at < now() - make_interval(secs => $2)"};
}  // namespace

bool OutboxStore::insert(bool when, const std::string& kind, const std::string& recipient,
                         const std::string& subject, const std::string& bodySealed) {
    return c_.exec(t_.statement(kInsert), {when, kind, recipient, subject, bodySealed}).affected() >
           0;
}

std::vector<OutboxRow> OutboxStore::claimDue(int limit, int leaseSeconds) {
    db::Result r = c_.exec(t_.statement(kClaim), {limit, leaseSeconds});
    std::vector<OutboxRow> out;
    for (int i = 0; i < r.rows(); ++i) {
        OutboxRow row;
        row.id = r.int64(i, 0);
        row.kind = r.str(i, 1);
        row.recipient = r.str(i, 2);
        row.subject = r.str(i, 3);
        row.bodySealed = r.str(i, 4);
        row.attempts = static_cast<int>(r.int64(i, 5));
        row.ageSeconds = r.int64(i, 6);
        out.push_back(std::move(row));
    }
    return out;
}

void OutboxStore::markSent(std::int64_t id) { c_.exec(t_.statement(kSent), {id}); }

void OutboxStore::markRetry(std::int64_t id, int delaySeconds, const std::string& error) {
    c_.exec(t_.statement(kRetry), {id, delaySeconds, error});
}

void OutboxStore::markFailed(std::int64_t id, const std::string& error) {
    c_.exec(t_.statement(kFailed), {id, error});
}

std::optional<double> OutboxStore::nextDueIn() {
    db::Result r = c_.exec(t_.statement(kNextDue), {});
    if (r.empty() || r.isNull(0, 0)) return std::nullopt;
    return std::strtod(r.str(0, 0).c_str(), nullptr);
}

int OutboxStore::prune(int keepSentSeconds, int keepFailedSeconds) {
    return c_.exec(t_.statement(kPrune), {keepSentSeconds, keepFailedSeconds}).affected();
}

}  // namespace ta::mail
