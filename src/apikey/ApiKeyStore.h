#pragma once
#include <optional>
#include <string>
#include <vector>

#include "apikey/ApiKey.h"
#include "db/Connection.h"
#include "tenant/Tenant.h"

namespace ta::apikey {

// A tenant's api_keys table. Keys are looked up by their SHA-256 only.
class ApiKeyStore {
public:
    ApiKeyStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    // Locks the user's row (so parallel creations count one after another) and
    // returns their plan's key cap; nullopt when the user is gone. Use in a transaction.
    std::optional<int> lockUserCap(const std::string& userId);
    int countLive(const std::string& userId);
    ApiKey insert(const std::string& id, const std::string& userId, const std::string& name,
                  const std::string& prefix, const std::string& hash);
    std::vector<ApiKey> list(const std::string& userId);
    // Revokes the user's key `id` (already revoked: unchanged). `fresh` is true when
    // this call revoked it.
    std::optional<ApiKey> revoke(const std::string& userId, const std::string& id, bool& fresh);
    void revokeAllOfUser(const std::string& userId);
    // Records use, at most once a minute per key whatever the number of processes.
    void touch(const std::string& id);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::apikey
