#include "api/UserViews.h"

#include "http/Response.h"
#include "util/JsonWriter.h"

namespace ta::api {

void UserViews::openSight(util::JsonWriter& w, const identity::User& u) {
    w.beginObject();
    w.key("id").string(u.id);
    w.key("email").string(u.email);
    w.key("full_name").stringOrNull(u.fullName);
    w.key("avatar_url").stringOrNull(u.avatarUrl);
    w.key("email_verified").boolean(u.emailVerified);
    w.key("plan_id").string(u.planId);
    w.key("created_at").string(u.createdAt);
    w.key("updated_at").string(u.updatedAt);
    w.endObject();
}

void UserViews::whoami(util::JsonWriter& w, const identity::User& u) {
    w.beginObject();
    w.key("id").string(u.id);
    w.key("username").stringOrNull(u.username);
    w.key("email").string(u.email);
    w.key("authority").string(u.authority);
    w.key("createdAt").string(u.createdAt);
    w.key("updatedAt").string(u.updatedAt);
    w.endObject();
}

Poco::JSON::Object::Ptr UserViews::admin(const identity::User& u) {
    auto o = http::orderedObject();
    o->set("id", u.id);
    o->set("email", u.email);
    o->set("username", http::orNull(u.username));
    o->set("full_name", http::orNull(u.fullName));
    o->set("avatar_url", http::orNull(u.avatarUrl));
    o->set("email_verified", u.emailVerified);
    o->set("authority", u.authority);
    o->set("plan_id", u.planId);
    o->set("disabled", u.disabled);
    o->set("twofa_enabled", u.totpEnabled);
    o->set("created_at", u.createdAt);
    o->set("updated_at", u.updatedAt);
    return o;
}

}  // namespace ta::api
