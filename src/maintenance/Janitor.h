#pragma once
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "db/Pool.h"
#include "tenant/TenantDirectory.h"

namespace ta::maintenance {

// Deletes what has outlived its use in every tenant schema: audit events older than
// the retention, ended lockout counters, past rate-limit windows, expired one-time
// tokens and delivered mail (it also re-signals tenants with pending mail). Runs in each
// worker process, first a few minutes after start (so a restart storm does not
// prune at once), then hourly; every statement is an indexed delete, and running
// it twice costs nothing.
class Janitor {
public:
    Janitor(db::Pool& pool, const tenant::TenantDirectory& tenants)
        : pool_(pool), tenants_(tenants) {}
    ~Janitor() { stop(); }

    void start(int firstDelaySeconds);
    void stop();
    void setRetentionDays(int days) { retentionDays_.store(days); }
    // One pass over every tenant; returns the rows deleted.
    long runOnce();

private:
    db::Pool& pool_;
    const tenant::TenantDirectory& tenants_;
    std::atomic<int> retentionDays_{90};
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
};

}  // namespace ta::maintenance
