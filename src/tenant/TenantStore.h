#pragma once
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "db/Connection.h"
#include "tenant/Tenant.h"
#include "util/SecretBox.h"

namespace ta::tenant {

struct TenantRecord {
    std::shared_ptr<Tenant> tenant;  // with hosts and unsealed keys
};

// What a worker compares to know whether any tenant changed: the number of tenants
// and the max and sum of their change stamps (sql/control/002).
struct DirectoryState {
    std::int64_t count = -1;
    std::int64_t maxSeq = 0;
    std::string sumSeq;  // numeric, as text
    bool operator==(const DirectoryState& o) const {
        return count == o.count && maxSeq == o.maxSeq && sumSeq == o.sumSeq;
    }
};

// SQL on the control schema (tenants, hosts, signing keys).
class TenantStore {
public:
    TenantStore(db::Connection& c, const util::SecretBox& box) : c_(c), box_(box) {}

    // Every tenant with hosts and unsealed keys; with its scope (role and schema).
    std::vector<TenantRecord> loadAll();
    // The tenants stamped after `since`, loaded as loadAll does.
    std::vector<TenantRecord> loadChangedSince(std::int64_t since);
    DirectoryState state();
    std::optional<TenantRecord> find(const std::string& slug);

    // Creates the row, hosts and a first signing key. Returns the tenant id.
    std::string add(const std::string& slug, const std::string& name,
                    const std::vector<std::string>& hosts);
    bool setDisabled(const std::string& slug, bool disabled);
    // The stored settings as they are now (not as the last reload saw them); `lock`
    // holds the row until the transaction ends, for a read-modify-write.
    std::string settingsJson(const std::string& tenantId, bool lock);
    void saveSettings(const std::string& tenantId, const std::string& json);
    bool remove(const std::string& slug);
    // Records the tenant's PostgreSQL role (sql/control/004).
    bool setRole(const std::string& slug, const std::string& role);
    bool addHost(const std::string& slug, const std::string& host);
    bool removeHost(const std::string& slug, const std::string& host);
    // Retires the current key (it keeps verifying for its tokens' lifetime) and adds a new
    // one. Call it in a transaction: committed apart, a failed insert would leave the
    // tenant without a current key (every login 500) until the next rotation.
    std::string rotateKey(const std::string& slug);

private:
    std::string newKey(const std::string& tenantId);
    std::vector<TenantRecord> records(const db::Result& tenants, const db::Result& hosts,
                                      const db::Result& keys);

    db::Connection& c_;
    const util::SecretBox& box_;
};

}  // namespace ta::tenant
