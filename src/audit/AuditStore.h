#pragma once
#include <string>
#include <vector>

#include "audit/AuditEvent.h"
#include "audit/Origin.h"
#include "db/Connection.h"
#include "tenant/Tenant.h"

namespace ta::audit {

// A tenant's audit_events table. Callers record on the connection (and inside the
// transaction) of the change itself, so a change and its record land together.
// Types: login.success, login.failure (reason password|2fa|locked|disabled),
// refresh.reuse, logout, apikey.created, apikey.revoked, 2fa.enabled, 2fa.disabled,
// 2fa.recovery_code_used, user.changed, plan.changed, plan.deleted, settings.changed,
// password_reset.requested (mailed true|false), password.reset, email.verified,
// oauth.linked (provider, created); login.success of a provider sign-in has method.
class AuditStore {
public:
    AuditStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    void record(const AuditEvent& e, const Origin& o);
    // Newest first; `type` "" for every type.
    std::vector<AuditRecord> list(int limit, int offset, const std::string& type);
    // Deletes records older than `days`; returns how many.
    int prune(int days);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::audit
