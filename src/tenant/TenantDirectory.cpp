#include "tenant/TenantDirectory.h"

#include "tenant/TenantStore.h"
#include "util/Log.h"

namespace ta::tenant {

TenantDirectory::TenantDirectory(db::Pool& pool, const util::SecretBox& box, int refreshMillis)
    : pool_(pool), box_(box), refreshMillis_(refreshMillis) {}

TenantDirectory::~TenantDirectory() { stop(); }

bool TenantDirectory::refresh() {
    std::lock_guard<std::mutex> guard(refreshMutex_);
    std::vector<TenantRecord> records;
    try {
        auto lease = pool_.acquire();
        records = TenantStore(*lease, box_).loadAll();
    } catch (const std::exception& e) {
        if (!lastRefreshFailed_)
            util::Log::write(
                util::Log::Warn,
                std::string("cannot reload tenants, keeping the last list: ") + e.what());
        lastRefreshFailed_ = true;
        return false;
    }
    if (lastRefreshFailed_) util::Log::write(util::Log::Info, "tenants reloaded again");
    lastRefreshFailed_ = false;
    auto next = std::make_shared<Snapshot>();
    for (auto& r : records) {
        // Statement texts depend only on the schema; build them once per schema.
        auto& set = statementSets_[r.tenant->schema];
        if (!set) set = std::make_shared<const db::StatementSet>(r.tenant->schema);
        r.tenant->sql = set;
        std::shared_ptr<const Tenant> t = r.tenant;
        next->bySlug[t->slug] = t;
        for (const auto& h : r.hosts) next->byHost[h] = t;
    }
    std::atomic_store(&snapshot_, std::shared_ptr<const Snapshot>(next));
    return true;
}

void TenantDirectory::start() {
    refresh();
    thread_ = std::thread([this] {
        std::unique_lock<std::mutex> lock(stopMutex_);
        while (!stopCv_.wait_for(lock, std::chrono::milliseconds(refreshMillis_),
                                 [this] { return stopping_; })) {
            lock.unlock();
            refresh();
            lock.lock();
        }
    });
}

void TenantDirectory::stop() {
    {
        std::lock_guard<std::mutex> lock(stopMutex_);
        stopping_ = true;
    }
    stopCv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

std::shared_ptr<const Tenant> TenantDirectory::resolve(const std::string& param,
                                                       const std::string& host,
                                                       Outcome& outcome) const {
    auto snap = std::atomic_load(&snapshot_);
    if (!snap) {
        outcome = Outcome::NotLoaded;
        return nullptr;
    }
    const auto& map = param.empty() ? snap->byHost : snap->bySlug;
    auto it = map.find(param.empty() ? host : param);
    if (it == map.end()) {
        outcome = Outcome::Unknown;
        return nullptr;
    }
    outcome = it->second->disabled ? Outcome::Disabled : Outcome::Found;
    return it->second;
}

std::vector<std::shared_ptr<const Tenant>> TenantDirectory::all() const {
    std::vector<std::shared_ptr<const Tenant>> out;
    if (auto snap = std::atomic_load(&snapshot_))
        for (const auto& [slug, t] : snap->bySlug) out.push_back(t);
    return out;
}

}  // namespace ta::tenant
