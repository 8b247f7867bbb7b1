#include "admin/AuditAdmin.h"

#include "audit/AuditStore.h"
#include "domain/Refusal.h"

namespace ta::admin {

namespace {
bool validType(const std::string& t) {
    if (t.size() > 64) return false;
    for (char ch : t)
        if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '.' || ch == '_'))
            return false;
    return true;
}
}  // namespace

std::vector<audit::AuditRecord> AuditAdmin::list(const tenant::Tenant& t, int limit, int offset,
                                                 const std::string& type) {
    if (!validType(type))
        throw domain::Refusal(domain::Reason::Invalid,
                              "type must be an event type such as login.failure");
    auto lease = pool_.acquire();
    return audit::AuditStore(*lease, t).list(limit, offset, type);
}

}  // namespace ta::admin
