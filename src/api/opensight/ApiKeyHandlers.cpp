#include <Poco/JSON/Array.h>

#include "api/opensight/Handlers.h"
#include "http/JsonBody.h"

namespace ta::api::opensight {

namespace {

Poco::JSON::Object::Ptr keyView(const apikey::ApiKey& k) {
    auto o = http::orderedObject();
    o->set("id", k.id);
    o->set("name", k.name);
    o->set("keyPrefix", k.keyPrefix);
    o->set("lastUsedAt", http::orNull(k.lastUsedAt));
    o->set("createdAt", k.createdAt);
    o->set("revokedAt", http::orNull(k.revokedAt));
    return o;
}
}  // namespace

http::Response createApiKey(Context& c) {
    http::JsonBody body(c.req.body);
    body.allowOnly({"name"});
    std::string name = body.requireString("name");
    apikey::CreatedKey created = c.svc.apiKeys.create(c.t(), c.user().id, name, c.origin());
    auto o = http::orderedObject();
    o->set("key", keyView(created.key));
    o->set("apiKey", created.secret);
    return http::Response::json(201, *o);
}

http::Response listApiKeys(Context& c) {
    Poco::JSON::Array::Ptr keys = new Poco::JSON::Array;
    for (const auto& k : c.svc.apiKeys.list(c.t(), c.user().id)) keys->add(keyView(k));
    auto o = http::orderedObject();
    o->set("keys", keys);
    return http::Response::json(200, *o);
}

http::Response revokeApiKey(Context& c) {
    apikey::ApiKey k = c.svc.apiKeys.revoke(c.t(), c.user().id, c.param("id"), c.origin());
    auto o = http::orderedObject();
    o->set("key", keyView(k));
    o->set("message", "API key has been revoked and is no longer usable");
    return http::Response::json(200, *o);
}

}  // namespace ta::api::opensight
