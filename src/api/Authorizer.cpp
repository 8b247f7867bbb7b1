#include "api/Authorizer.h"

#include "api/Bearer.h"
#include "apikey/ApiKey.h"
#include "db/DbError.h"
#include "util/Log.h"

namespace ta::api {

namespace {
// Header values must stay on one line whatever an admin named a plan.
std::string oneLine(const std::string& v) {
    std::string out = v.substr(0, 200);
    for (char& ch : out)
        if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) ch = '?';
    return out;
}

// `pinned`: the web server named the tenant (TENANTAUTH_TENANT); the variable is then
// in the protected request's environment already, and lighttpd would append a second
// copy to it ("beta, beta") rather than replace it.
http::Response granted(const std::string& userId, const std::string& tenant, bool pinned,
                       const std::string& authority, const std::string& plan) {
    http::Response r;
    r.status = 200;
    r.contentType.clear();
    r.addHeader("Variable-TENANTAUTH_USER_ID", oneLine(userId));
    if (!pinned) r.addHeader("Variable-TENANTAUTH_TENANT", oneLine(tenant));
    r.addHeader("Variable-TENANTAUTH_AUTHORITY", oneLine(authority));
    r.addHeader("Variable-TENANTAUTH_PLAN", oneLine(plan));
    return r;
}

http::Response refused(int status, const std::string& message) {
    http::Response r = http::Response::text(status, "error", message);
    if (status == 401) r.addHeader("WWW-Authenticate", "Bearer");
    r.addHeader("Cache-Control", "no-store");
    return r;
}
}  // namespace

http::Response Authorizer::decide(const http::Request& req, std::string& tenantForLog) const {
    tenant::TenantDirectory::Outcome outcome;
    auto t = svc_.tenants.resolve(req.tenantParam, req.host, outcome);
    if (outcome == tenant::TenantDirectory::Outcome::NotLoaded)
        return refused(503, "Service unavailable");
    if (t) tenantForLog = t->slug;
    // An unknown or disabled tenant has no valid credential: the same 401, so the
    // answer tells a client nothing about which tenants exist.
    if (outcome != tenant::TenantDirectory::Outcome::Found) return refused(401, "Unauthorized");

    std::string credential = Bearer::extract(req, true);
    if (credential.empty()) return refused(401, "Unauthorized");
    if (apikey::ApiKey::wellFormed(credential)) {
        // A key is only known to the database (and may have been revoked a moment ago).
        std::optional<account::Caller> caller;
        if (svc_.authenticator.authenticate(*t, credential, caller) !=
                account::Authenticator::Outcome::Ok ||
            !caller)
            return refused(401, "Unauthorized");
        return granted(caller->user.id, t->slug, !req.tenantParam.empty(), caller->user.authority,
                       caller->user.planId);
    }
    // A JWT: signature, expiry and tenant are checked against the tenant snapshot in
    // memory; the claims are the answer. A user disabled since the token was issued
    // passes until it expires (the access token lifetime), as with any stateless token.
    // A token check like the Authenticator's: the bcrypt pool keeps threads for these.
    svc_.hashes.tokenChecks().note();
    auto claims = svc_.tokens.verify(*t, credential);
    if (!claims) return refused(401, "Unauthorized");
    return granted(claims->userId, t->slug, !req.tenantParam.empty(), claims->authority,
                   claims->planId);
}

http::Response Authorizer::check(const http::Request& req, std::string& tenantForLog) const {
    try {
        return decide(req, tenantForLog);
    } catch (const db::Unavailable& e) {
        util::Log::write(util::Log::Warn,
                         "rid=" + req.requestId + " authorizer: database unavailable: " + e.what());
        return refused(503, "Service unavailable");
    } catch (const std::exception& e) {
        util::Log::write(util::Log::Error,
                         "rid=" + req.requestId + " authorizer: internal error: " + e.what());
        return refused(500, "Internal server error");
    }
}

}  // namespace ta::api
