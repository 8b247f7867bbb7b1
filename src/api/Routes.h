#pragma once
#include "api/Context.h"
#include "http/Router.h"

namespace ta::api {

// Every route of the product and who may call it, in one table.
http::Router<Endpoint> buildRoutes();

}  // namespace ta::api
