#pragma once
#include <Poco/JSON/Object.h>

#include <string>

#include "audit/Origin.h"
#include "db/Pool.h"
#include "tenant/Tenant.h"
#include "tenant/TenantSettings.h"
#include "util/SecretBox.h"

namespace ta::admin {

// A tenant's settings as its admin reads and changes them. Reads go to the
// database, not the workers' snapshot, so a GET right after a PATCH shows it; the
// workers take the change within their reload interval.
class SettingsAdmin {
public:
    SettingsAdmin(db::Pool& pool, const util::SecretBox& box) : pool_(pool), box_(box) {}

    tenant::TenantSettings current(const tenant::Tenant& t);
    // Merges `patch` (validated, secrets sealed) and records which keys changed.
    // Throws domain::Refusal Invalid naming the key.
    tenant::TenantSettings patch(const tenant::Tenant& t, const Poco::JSON::Object& patch,
                                 bool development, const std::string& actorId,
                                 const audit::Origin& origin);

    // The additional data a sealed secret setting is bound to: its tenant and path.
    static std::string secretAad(const std::string& tenantId, const std::string& path);

private:
    db::Pool& pool_;
    const util::SecretBox& box_;
};

}  // namespace ta::admin
