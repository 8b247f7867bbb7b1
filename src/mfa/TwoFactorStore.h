#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/Connection.h"
#include "tenant/Tenant.h"

namespace ta::mfa {

// The 2FA columns of a tenant's users and its recovery_codes table.
class TwoFactorStore {
public:
    TwoFactorStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    void setPending(const std::string& userId, const std::string& sealed);
    std::optional<std::string> pending(const std::string& userId);
    // Moves the pending secret (if still `sealed`) into place and records `step`.
    bool enable(const std::string& userId, const std::string& sealed, std::int64_t step);
    void replaceRecoveryCodes(const std::string& userId, const std::vector<std::string>& hashes);
    // Records `step` as used unless it is not after the last used one: the replay guard.
    bool claimStep(const std::string& userId, std::int64_t step);
    // The stored values of the user's unused recovery codes.
    std::vector<std::string> unusedRecoveryCodes(const std::string& userId);
    // Marks the code stored as `stored` used; false when it already was.
    bool useRecoveryCode(const std::string& userId, const std::string& stored);
    bool disable(const std::string& userId);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::mfa
