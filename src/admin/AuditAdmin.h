#pragma once
#include <string>
#include <vector>

#include "audit/AuditEvent.h"
#include "db/Pool.h"
#include "tenant/Tenant.h"

namespace ta::admin {

// The tenant's audit log as its admin reads it: newest first, optionally one type.
class AuditAdmin {
public:
    explicit AuditAdmin(db::Pool& pool) : pool_(pool) {}

    // `type` "" for all; anything but a-z, 0-9, '.' and '_' is Refusal Invalid.
    std::vector<audit::AuditRecord> list(const tenant::Tenant& t, int limit, int offset,
                                         const std::string& type);

private:
    db::Pool& pool_;
};

}  // namespace ta::admin
