#include "admin/UserAdmin.h"

#include <algorithm>

#include "apikey/ApiKeyStore.h"
#include "audit/AuditStore.h"
#include "domain/Refusal.h"
#include "plan/PlanStore.h"
#include "token/RefreshTokenStore.h"

namespace ta::admin {

using domain::Reason;
using domain::Refusal;

UserPage UserAdmin::list(const tenant::Tenant& t, int limit, int offset) {
    auto lease = pool_.acquire();
    identity::UserStore store(*lease, t);
    UserPage page;
    page.users = store.page(limit, offset);
    page.total = store.count();
    return page;
}

identity::User UserAdmin::change(const tenant::Tenant& t, const std::string& actorId,
                                 const std::string& userId, const identity::UserChange& ch,
                                 const audit::Origin& origin) {
    if (ch.authority && !identity::User::validAuthority(*ch.authority))
        throw Refusal(Reason::Invalid, "authority must be USER, DEVELOPER or ADMIN");
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    identity::UserStore users(*lease, t);
    // Admins first, then the target: every change locks in the same order.
    std::vector<std::string> admins = users.lockActiveAdmins();
    auto before = users.lockById(userId);
    if (!before) throw Refusal(Reason::NotFound, "User not found");
    if (ch.planId && !plan::PlanStore(*lease, t).find(*ch.planId))
        throw Refusal(Reason::Invalid, "plan_id names no plan of this tenant");
    bool wasAdmin = before->isAdmin() && !before->disabled;
    bool staysAdmin = ch.authority.value_or(before->authority) == "ADMIN" &&
                      !ch.disabled.value_or(before->disabled);
    if (wasAdmin && !staysAdmin && admins.size() <= 1)
        throw Refusal(Reason::Conflict, "The tenant's last admin cannot be removed");
    identity::User after = users.update(userId, ch);
    auto event = audit::AuditEvent("user.changed", userId, actorId);
    if (after.authority != before->authority) event.with("authority", after.authority);
    if (after.planId != before->planId) event.with("plan_id", after.planId);
    if (after.disabled != before->disabled) event.with("disabled", after.disabled);
    if (after.disabled && !before->disabled) {
        token::RefreshTokenStore(*lease, t).revokeAllOfUser(userId);
        apikey::ApiKeyStore(*lease, t).revokeAllOfUser(userId);
    }
    audit::AuditStore(*lease, t).record(event, origin);
    tx.commit();
    return after;
}

}  // namespace ta::admin
