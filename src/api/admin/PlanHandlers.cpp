#include <Poco/JSON/Array.h>

#include "api/admin/Handlers.h"
#include "http/JsonBody.h"

namespace ta::api::admin {

namespace {
Poco::JSON::Object::Ptr planView(const plan::Plan& p) {
    auto o = http::orderedObject();
    o->set("id", p.id);
    o->set("name", p.name);
    o->set("maxApiKeys", p.maxApiKeys);
    o->set("requestsPerMinute", p.requestsPerMinute);
    o->set("createdAt", p.createdAt);
    o->set("updatedAt", p.updatedAt);
    return o;
}
}  // namespace

http::Response listPlans(Context& c) {
    Poco::JSON::Array::Ptr plans = new Poco::JSON::Array;
    for (const auto& p : c.svc.plans.list(c.t())) plans->add(planView(p));
    auto o = http::orderedObject();
    o->set("plans", plans);
    return http::Response::json(200, *o);
}

http::Response putPlan(Context& c) {
    http::JsonBody body(c.req.body);
    body.allowOnly({"name", "maxApiKeys", "requestsPerMinute"});
    plan::PlanChange change;
    change.id = c.param("id");
    change.name = body.optionalString("name");
    change.maxApiKeys = body.optionalInt("maxApiKeys", 0, plan::Plans::kMaxApiKeysLimit);
    change.requestsPerMinute =
        body.optionalInt("requestsPerMinute", 1, plan::Plans::kRequestsPerMinuteLimit);
    bool created = false;
    plan::Plan p = c.svc.plans.put(c.t(), change, c.user().id, c.origin(), created);
    auto o = http::orderedObject();
    o->set("plan", planView(p));
    return http::Response::json(created ? 201 : 200, *o);
}

http::Response deletePlan(Context& c) {
    c.svc.plans.remove(c.t(), c.param("id"), c.user().id, c.origin());
    return http::Response::text(200, "message", "Plan deleted");
}

}  // namespace ta::api::admin
