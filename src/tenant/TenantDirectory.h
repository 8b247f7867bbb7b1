#pragma once
#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "db/Pool.h"
#include "tenant/Tenant.h"
#include "tenant/TenantStore.h"
#include "util/SecretBox.h"

namespace ta::tenant {

// Which tenant a request is for. Each worker process keeps a snapshot of all tenants
// and checks every couple of seconds whether any changed, so a tenant added or
// disabled with tenantauthctl (or its settings changed by its admin) is seen without
// a restart, and a lookup costs no query. The check is one row whatever the number
// of tenants; only the tenants changed since are reloaded and unsealed.
class TenantDirectory {
public:
    enum class Outcome { Found, Unknown, Disabled, NotLoaded };

    TenantDirectory(db::Pool& pool, const util::SecretBox& box, int refreshMillis = 2000);
    ~TenantDirectory();

    // Loads what changed now; false (snapshot kept) when the database cannot be read.
    bool refresh();
    // How many refreshes loaded every tenant, and how many only the changed ones.
    long fullLoads() const { return fullLoads_; }
    long partialLoads() const { return partialLoads_; }
    void start();
    void stop();

    // By the web server's TENANTAUTH_TENANT first, else by Host.
    std::shared_ptr<const Tenant> resolve(const std::string& param, const std::string& host,
                                          Outcome& outcome) const;
    // Every tenant of the current snapshot.
    std::vector<std::shared_ptr<const Tenant>> all() const;

private:
    struct Snapshot {
        std::unordered_map<std::string, std::shared_ptr<const Tenant>> bySlug;
        std::unordered_map<std::string, std::shared_ptr<const Tenant>> byHost;
    };

    std::shared_ptr<Snapshot> merged(const std::shared_ptr<const Snapshot>& base,
                                     const std::vector<TenantRecord>& records);
    static bool matches(const Snapshot& s, const DirectoryState& state);

    db::Pool& pool_;
    const util::SecretBox& box_;
    DirectoryState seen_;
    long fullLoads_ = 0;
    long partialLoads_ = 0;
    int refreshMillis_;
    std::shared_ptr<const Snapshot> snapshot_;  // read with std::atomic_load
    std::mutex refreshMutex_;
    std::thread thread_;
    std::mutex stopMutex_;
    std::condition_variable stopCv_;
    bool stopping_ = false;
    bool lastRefreshFailed_ = false;  // log on change only, not every 2 s of an outage
};

}  // namespace ta::tenant
