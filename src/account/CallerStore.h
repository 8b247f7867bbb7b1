#pragma once
#include <optional>
#include <string>

#include "account/Caller.h"
#include "db/Connection.h"
#include "tenant/Tenant.h"

namespace ta::account {

// The one query per authenticated request: the user (with their plan's limit) by
// id, or by API key hash through a live key. Disabled users are returned (the
// caller decides); revoked keys are not.
class CallerStore {
public:
    CallerStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    std::optional<Caller> byUserId(const std::string& id);
    // `stale` is true when the key's last use was recorded over a minute ago.
    std::optional<Caller> byKeyHash(const std::string& hash, bool& stale);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::account
