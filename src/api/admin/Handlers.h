#pragma once
#include "api/Context.h"

// The tenant administration routes under /api/admin (ADMIN of the tenant only, as
// the route table declares): errors as {"error": ...}.
namespace ta::api::admin {

http::Response listPlans(Context& c);
http::Response putPlan(Context& c);
http::Response deletePlan(Context& c);
http::Response listUsers(Context& c);
http::Response patchUser(Context& c);
http::Response getSettings(Context& c);
http::Response patchSettings(Context& c);
http::Response listAudit(Context& c);

}  // namespace ta::api::admin
