#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "api/admin/Handlers.h"
#include "api/admin/Paging.h"

namespace ta::api::admin {

http::Response listAudit(Context& c) {
    Paging paging = Paging::of(c.req);
    Poco::JSON::Array::Ptr events = new Poco::JSON::Array;
    for (const auto& r :
         c.svc.auditAdmin.list(c.t(), paging.limit, paging.offset, c.req.queryParam("type"))) {
        auto o = http::orderedObject();
        o->set("id", static_cast<Poco::Int64>(r.id));
        o->set("type", r.type);
        o->set("createdAt", r.createdAt);
        o->set("userId", http::orNull(r.userId));
        o->set("actorId", http::orNull(r.actorId));
        o->set("clientAddress", http::orNull(r.clientAddr));
        o->set("requestId", http::orNull(r.requestId));
        o->set("details", Poco::JSON::Parser().parse(r.detailsJson));
        events->add(o);
    }
    auto o = http::orderedObject();
    o->set("events", events);
    o->set("limit", paging.limit);
    o->set("offset", paging.offset);
    return http::Response::json(200, *o);
}

}  // namespace ta::api::admin
