#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "api/admin/Handlers.h"
#include "api/admin/Paging.h"
#include "audit/AuditStore.h"
#include "http/ApiError.h"

namespace ta::api::admin {

namespace {
Poco::Dynamic::Var orNull(const std::string& v) {
    return v.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(v);
}

bool validType(const std::string& t) {
    if (t.size() > 64) return false;
    for (char ch : t)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_'))
            return false;
    return true;
}
}  // namespace

http::Response listAudit(Context& c) {
    Paging paging = Paging::of(c.req);
    std::string type = c.req.queryParam("type");
    if (!validType(type))
        throw http::ApiError(http::ErrorCode::BadRequest,
                             "type must be an event type such as login.failure");
    std::vector<audit::AuditRecord> records;
    {
        auto lease = c.svc.pool.acquire();
        records = audit::AuditStore(*lease, c.t()).list(paging.limit, paging.offset, type);
    }
    Poco::JSON::Array::Ptr events = new Poco::JSON::Array;
    for (const auto& r : records) {
        auto o = http::orderedObject();
        o->set("id", static_cast<Poco::Int64>(r.id));
        o->set("type", r.type);
        o->set("createdAt", r.createdAt);
        o->set("userId", orNull(r.userId));
        o->set("actorId", orNull(r.actorId));
        o->set("clientAddress", orNull(r.clientAddr));
        o->set("requestId", orNull(r.requestId));
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
