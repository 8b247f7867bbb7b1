#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "audit/Origin.h"
#include "db/Pool.h"
#include "identity/User.h"
#include "identity/UserStore.h"
#include "tenant/Tenant.h"

namespace ta::admin {

struct UserPage {
    std::vector<identity::User> users;
    std::int64_t total = 0;
};

// A tenant admin's view of the tenant's users. Throws domain::Refusal.
class UserAdmin {
public:
    explicit UserAdmin(db::Pool& pool) : pool_(pool) {}

    UserPage list(const tenant::Tenant& t, int limit, int offset);
    // Applies `change` in one transaction with its audit record. Disabling revokes
    // every refresh token and API key of the user; the tenant keeps at least one
    // enabled ADMIN (Refusal Conflict otherwise); an unknown plan is Refusal Invalid.
    identity::User change(const tenant::Tenant& t, const std::string& actorId,
                          const std::string& userId, const identity::UserChange& change,
                          const audit::Origin& origin);

private:
    db::Pool& pool_;
};

}  // namespace ta::admin
