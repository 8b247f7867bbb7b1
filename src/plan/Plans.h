#pragma once
#include <optional>
#include <string>
#include <vector>

#include "audit/Origin.h"
#include "db/Pool.h"
#include "plan/Plan.h"
#include "tenant/Tenant.h"

namespace ta::plan {

// What a PUT (or `tenantauthctl plan set`) asks for; absent fields keep the plan's
// values, and a new plan must give both limits (its name defaults to its id).
struct PlanChange {
    std::string id;
    std::optional<std::string> name;
    std::optional<long long> maxApiKeys;
    std::optional<long long> requestsPerMinute;
};

// The tenant's plans, with every change audited in its own transaction. Throws
// domain::Refusal (Invalid, NotFound, Conflict).
class Plans {
public:
    explicit Plans(db::Pool& pool) : pool_(pool) {}

    std::vector<Plan> list(const tenant::Tenant& t);
    // The plan after the change, and whether it was created.
    Plan put(const tenant::Tenant& t, const PlanChange& change, const std::string& actorId,
             const audit::Origin& origin, bool& created);
    void remove(const tenant::Tenant& t, const std::string& id, const std::string& actorId,
                const audit::Origin& origin);

    static constexpr long long kMaxApiKeysLimit = 1000;
    static constexpr long long kRequestsPerMinuteLimit = 1000000000;

private:
    db::Pool& pool_;
};

}  // namespace ta::plan
