#pragma once
#include <string>

namespace ta::tenant {

// A tenant's own settings (tenants.settings jsonb); every key has a default, so a
// new tenant needs none.
struct TenantSettings {
    int accessTokenTtl = 900;
    int refreshTokenTtl = 2592000;
    int bcryptCost = 12;
    std::string twofaSetup = "ADMIN";  // or "ALL"

    static TenantSettings fromJson(const std::string& json);
};

}  // namespace ta::tenant
