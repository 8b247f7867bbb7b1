#pragma once
#include "api/Context.h"
#include "http/Router.h"

namespace ta::api {

// Every route of the product, in one table.
http::Router<Handler> buildRoutes();

}  // namespace ta::api
