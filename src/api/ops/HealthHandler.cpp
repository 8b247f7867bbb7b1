#include "api/ops/Handlers.h"
#include "db/HealthStore.h"
#include "http/ApiError.h"

namespace ta::api::ops {

http::Response health(Context& c) {
    auto lease = c.svc.pool.acquire();
    db::HealthStore(*lease).ping();
    return http::Response::text(200, "status", "ok");
}

}  // namespace ta::api::ops
