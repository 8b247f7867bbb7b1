#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/Connection.h"
#include "plan/Plan.h"
#include "tenant/Tenant.h"

namespace ta::plan {

// A tenant's plans table.
class PlanStore {
public:
    PlanStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    std::vector<Plan> list();
    std::optional<Plan> find(const std::string& id);
    // Creates or updates; `created` tells which.
    Plan upsert(const Plan& p, bool& created);
    enum class Removal { Removed, NotFound, InUse };
    Removal remove(const std::string& id);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::plan
