#include "account/LockoutStore.h"

namespace ta::account {

namespace {
const db::Query kLockedFor{
    "lockout.lockedFor",
    "SELECT coalesce(ceil(extract(epoch FROM max(locked_until) - now()))::bigint, 0) "
    "FROM {schema}.login_failures WHERE subject IN ($1, $2) AND locked_until > now()"};
// A failure after the window (or after a lock) has ended starts a new count.
const db::Query kFail{
    "lockout.fail",
    "INSERT INTO {schema}.login_failures AS f (subject, failures, window_start, locked_until) "
    "VALUES ($1, 1, now(), CASE WHEN $2 <= 1 THEN now() + make_interval(secs => $4) END) "
    "ON CONFLICT (subject) DO UPDATE SET "
    "failures = CASE WHEN f.window_start <= now() - make_interval(secs => $3) OR f.locked_until <= "
    "now() "
    "  THEN 1 ELSE f.failures + 1 END, "
    "window_start = CASE WHEN f.window_start <= now() - make_interval(secs => $3) OR "
    "f.locked_until <= now() "
    "  THEN now() ELSE f.window_start END, "
    "locked_until = CASE WHEN f.window_start <= now() - make_interval(secs => $3) OR "
    "f.locked_until <= now() "
    "  THEN (CASE WHEN $2 <= 1 THEN now() + make_interval(secs => $4) END) "
    "  WHEN f.failures + 1 >= $2 THEN now() + make_interval(secs => $4) ELSE f.locked_until END"};
const db::Query kReset{"lockout.reset", "DELETE FROM {schema}.login_failures WHERE subject = $1"};
const db::Query kPrune{
    "lockout.prune",
    "DELETE FROM {schema}.login_failures WHERE window_start < now() - make_interval(secs => $1) "
    "AND (locked_until IS NULL OR locked_until < now())"};
}  // namespace

int LockoutStore::lockedFor(const std::string& a, const std::string& b) {
    db::Result r = c_.exec(t_.statement(kLockedFor), {a, b});
    return r.empty() ? 0 : static_cast<int>(r.int64(0, 0));
}

void LockoutStore::recordFailure(const std::string& subject, int maxFailures, int windowSeconds,
                                 int lockSeconds) {
    c_.exec(t_.statement(kFail), {subject, maxFailures, windowSeconds, lockSeconds});
}

void LockoutStore::reset(const std::string& subject) { c_.exec(t_.statement(kReset), {subject}); }

int LockoutStore::prune(int windowSeconds) {
    return c_.exec(t_.statement(kPrune), {windowSeconds}).affected();
}

}  // namespace ta::account
