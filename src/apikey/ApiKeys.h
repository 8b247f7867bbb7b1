#pragma once
#include <string>
#include <vector>

#include "apikey/ApiKey.h"
#include "audit/Origin.h"
#include "db/Pool.h"
#include "tenant/Tenant.h"

namespace ta::apikey {

struct CreatedKey {
    ApiKey key;
    std::string secret;  // sk_..., shown to the user once and never stored
};

// A user's API keys. Throws domain::Refusal (Invalid, Forbidden at the plan's cap,
// NotFound).
class ApiKeys {
public:
    explicit ApiKeys(db::Pool& pool) : pool_(pool) {}

    CreatedKey create(const tenant::Tenant& t, const std::string& userId, const std::string& name,
                      const audit::Origin& origin);
    std::vector<ApiKey> list(const tenant::Tenant& t, const std::string& userId);
    ApiKey revoke(const tenant::Tenant& t, const std::string& userId, const std::string& keyId,
                  const audit::Origin& origin);

    static std::string hash(const std::string& secret);

private:
    db::Pool& pool_;
};

}  // namespace ta::apikey
