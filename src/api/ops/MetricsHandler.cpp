#include "api/Routes.h"
#include "api/ops/Handlers.h"
#include "metrics/Exposition.h"
#include "metrics/Scoreboard.h"

namespace ta::api::ops {

http::Response metrics(Context&) {
    http::Response r;
    r.contentType = metrics::Exposition::kContentType;
    r.body = metrics::Exposition::render(metrics::Scoreboard::block(), routeLabels());
    return r;
}

}  // namespace ta::api::ops
