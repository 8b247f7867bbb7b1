#pragma once
#include <optional>
#include <string>

#include "db/Connection.h"
#include "identity/User.h"
#include "tenant/Tenant.h"

namespace ta::account {

// The tenant's loginLockout policy. Failures count per account and per client
// address; an address may fail kAddressFactor times as often as one account (many
// users can share one address), then it is locked for every account. Unknown
// accounts count under their login name, so a lock looks the same whether or not
// the account exists.
class LoginLockout {
public:
    static constexpr int kAddressFactor = 10;

    LoginLockout(const tenant::Tenant& t, const std::optional<identity::User>& u,
                 const std::string& login, const std::string& clientAddr);

    // Seconds to wait, 0 when the login may be tried.
    int lockedFor(db::Connection& c) const;
    void recordFailure(db::Connection& c) const;
    void recordSuccess(db::Connection& c) const;

private:
    const tenant::Tenant& t_;
    std::string account_;
    std::string address_;
};

}  // namespace ta::account
