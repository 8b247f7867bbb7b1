#include "api/admin/Handlers.h"
#include "http/JsonBody.h"

namespace ta::api::admin {

http::Response getSettings(Context& c) {
    return http::Response::json(200, *c.svc.settingsAdmin.current(c.t()).toPublicJson());
}

http::Response patchSettings(Context& c) {
    http::JsonBody body(c.req.body);
    tenant::TenantSettings s = c.svc.settingsAdmin.patch(
        c.t(), body.object(), c.svc.isDevelopment(), c.user().id, c.origin());
    return http::Response::json(200, *s.toPublicJson());
}

}  // namespace ta::api::admin
