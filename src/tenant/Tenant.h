#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "db/Query.h"
#include "tenant/TenantSettings.h"

namespace ta::tenant {

struct SigningKey {
    std::string kid;
    std::string secret;  // raw 32 bytes, unsealed in memory only
    std::int64_t createdAt = 0;
    std::int64_t retiredAt = 0;  // 0: current
};

// A snapshot of one tenant as the workers see it; immutable once published.
struct Tenant {
    std::string id;
    std::string slug;
    std::string name;
    std::string schema;
    bool disabled = false;
    TenantSettings settings;
    std::vector<SigningKey> keys;  // newest first
    std::vector<std::string> hosts;
    std::int64_t changedSeq = 0;  // the control schema's change stamp this snapshot is of
    // The tenant's PostgreSQL role (sql/control/004) and schema, set LOCAL around each of
    // its statements; role "none" until `tenantauthctl migrate` gave the tenant a role.
    db::Scope scope;

    const SigningKey* currentKey() const;
    // A key that may still verify at `now`: current, or retired less than `graceSeconds` ago.
    const SigningKey* verifyingKey(const std::string& kid, std::int64_t now,
                                   std::int64_t graceSeconds) const;
    db::Bound statement(const db::Query& q) const { return {q.tenant(), &scope}; }
};

}  // namespace ta::tenant
