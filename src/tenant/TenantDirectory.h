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
#include "util/SecretBox.h"

namespace ta::tenant {

// Which tenant a request is for. Each worker process keeps a snapshot of all tenants
// and reloads it every couple of seconds, so a tenant added or disabled with
// tenantauthctl is seen without a restart and a lookup costs no query.
class TenantDirectory {
public:
    enum class Outcome { Found, Unknown, Disabled, NotLoaded };

    TenantDirectory(db::Pool& pool, const util::SecretBox& box, int refreshMillis = 2000);
    ~TenantDirectory();

    // Loads now; false (snapshot kept) when the database cannot be read.
    bool refresh();
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

    db::Pool& pool_;
    const util::SecretBox& box_;
    int refreshMillis_;
    std::shared_ptr<const Snapshot> snapshot_;  // read with std::atomic_load
    std::map<std::string, std::shared_ptr<const db::StatementSet>> statementSets_;
    std::mutex refreshMutex_;
    std::thread thread_;
    std::mutex stopMutex_;
    std::condition_variable stopCv_;
    bool stopping_ = false;
    bool lastRefreshFailed_ = false;  // log on change only, not every 2 s of an outage
};

}  // namespace ta::tenant
