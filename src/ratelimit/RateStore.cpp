#include "ratelimit/RateStore.h"

namespace ta::ratelimit {

namespace {
// ON CONFLICT's SET sees the row as it was, so last_grant is what this call added.
const db::Query kTake{
    "rate.take",
    "INSERT INTO {schema}.rate_windows AS w (subject, window_start, used, last_grant) "
    "VALUES ($1, $2, least($3::int, $4::int), least($3::int, $4::int)) "
    "ON CONFLICT (subject, window_start) DO UPDATE SET used = least(w.used + $3::int, $4::int), "
    "last_grant = least(w.used + $3::int, $4::int) - w.used RETURNING last_grant"};
const db::Query kPrune{"rate.prune", "DELETE FROM {schema}.rate_windows WHERE window_start < $1"};
}  // namespace

int RateStore::take(const std::string& subject, std::int64_t windowStart, int want, int limit) {
    db::Result r = c_.exec(t_.statement(kTake), {subject, windowStart, want, limit});
    return r.empty() ? 0 : static_cast<int>(r.int64(0, 0));
}

int RateStore::prune(std::int64_t before) {
    return c_.exec(t_.statement(kPrune), {before}).affected();
}

}  // namespace ta::ratelimit
