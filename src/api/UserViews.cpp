#include "api/UserViews.h"

#include "http/Response.h"

namespace ta::api {

Poco::JSON::Object::Ptr UserViews::openSight(const identity::User& u) {
    auto o = http::orderedObject();
    o->set("id", u.id);
    o->set("email", u.email);
    o->set("full_name", http::orNull(u.fullName));
    o->set("avatar_url", http::orNull(u.avatarUrl));
    o->set("email_verified", u.emailVerified);
    o->set("plan_id", u.planId);
    o->set("created_at", u.createdAt);
    o->set("updated_at", u.updatedAt);
    return o;
}

Poco::JSON::Object::Ptr UserViews::whoami(const identity::User& u) {
    auto o = http::orderedObject();
    o->set("id", u.id);
    o->set("username", http::orNull(u.username));
    o->set("email", u.email);
    o->set("authority", u.authority);
    o->set("createdAt", u.createdAt);
    o->set("updatedAt", u.updatedAt);
    return o;
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
