#pragma once
#include "api/Context.h"

namespace ta::api::ops {

// 200 {"status":"ok"} when the database answers, 503 otherwise; for any Host.
http::Response health(Context& c);
// The Prometheus text of every worker process's counters (Access::Operator only).
http::Response metrics(Context& c);

}  // namespace ta::api::ops
