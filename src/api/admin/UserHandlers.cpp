#include <Poco/JSON/Array.h>

#include "api/UserViews.h"
#include "api/admin/Handlers.h"
#include "api/admin/Paging.h"
#include "http/JsonBody.h"

namespace ta::api::admin {

http::Response listUsers(Context& c) {
    Paging paging = Paging::of(c.req);
    ta::admin::UserPage page = c.svc.userAdmin.list(c.t(), paging.limit, paging.offset);
    Poco::JSON::Array::Ptr users = new Poco::JSON::Array;
    for (const auto& u : page.users) users->add(UserViews::admin(u));
    auto o = http::orderedObject();
    o->set("users", users);
    o->set("total", static_cast<Poco::Int64>(page.total));
    o->set("limit", paging.limit);
    o->set("offset", paging.offset);
    return http::Response::json(200, *o);
}

http::Response patchUser(Context& c) {
    http::JsonBody body(c.req.body);
    body.allowOnly({"authority", "plan_id", "disabled"});
    identity::UserChange change;
    change.authority = body.optionalString("authority");
    change.planId = body.optionalString("plan_id");
    change.disabled = body.optionalBool("disabled");
    identity::User u =
        c.svc.userAdmin.change(c.t(), c.user().id, c.param("id"), change, c.origin());
    auto o = http::orderedObject();
    o->set("user", UserViews::admin(u));
    return http::Response::json(200, *o);
}

}  // namespace ta::api::admin
