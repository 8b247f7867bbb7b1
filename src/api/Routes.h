#pragma once
#include "api/Context.h"
#include "http/Router.h"
#include "metrics/Exposition.h"

namespace ta::api {

// Every route of the product and who may call it, in one table.
http::Router<Endpoint> buildRoutes();
// Each route's method and pattern, by its index in that table (the metrics' labels).
const std::vector<metrics::RouteLabel>& routeLabels();

}  // namespace ta::api
