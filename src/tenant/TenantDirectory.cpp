#include "tenant/TenantDirectory.h"

#include <malloc.h>

#include "metrics/Scoreboard.h"
#include "tenant/TenantStore.h"
#include "util/Log.h"

namespace ta::tenant {

TenantDirectory::TenantDirectory(db::Pool& pool, const util::SecretBox& box, int refreshMillis)
    : pool_(pool), box_(box), refreshMillis_(refreshMillis) {}

TenantDirectory::~TenantDirectory() { stop(); }

bool TenantDirectory::refresh() {
    std::lock_guard<std::mutex> guard(refreshMutex_);
    auto current = std::atomic_load(&snapshot_);
    DirectoryState state;
    std::vector<TenantRecord> changed;
    bool full = !current;
    try {
        auto lease = pool_.acquire();
        TenantStore store(*lease, box_);
        state = store.state();
        // Idle: one row of (count, max, sum), whatever the number of tenants.
        if (!full && state == seen_) return true;
        // The state and the tenants, hosts and keys from one snapshot: as four statements
        // of their own, each could see another commit of a concurrent change (a tenant
        // removed after its row was read would be published without keys, its valid
        // tokens answered 401 until the next round).
        db::Transaction tx(*lease);
        lease->run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        state = store.state();
        changed = full ? store.loadAll() : store.loadChangedSince(seen_.maxSeq);
        auto next = merged(full ? nullptr : current, changed);
        // A change stamped below what was seen (its transaction committed late), or a
        // tenant removed: the merge does not add up to the state, so load everything.
        if (!full && !matches(*next, state)) {
            full = true;
            next = merged(nullptr, store.loadAll());
        }
        tx.commit();
        std::atomic_store(&snapshot_, std::shared_ptr<const Snapshot>(next));
        metrics::Scoreboard::slot().tenantsLoaded.store(static_cast<int64_t>(next->bySlug.size()),
                                                        std::memory_order_relaxed);
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
    seen_ = state;
    ++(full ? fullLoads_ : partialLoads_);
    // A full load parses every tenant's rows and settings; glibc keeps what they freed
    // in this thread's arena unless asked (bench/directory-idle, 10,000 tenants: with this
    // and the supervisor's trim, a worker's Pss fell from 23 to 17.7 MB).
    if (full) malloc_trim(0);
    if (util::Log::enabled(util::Log::Debug))
        util::Log::write(
            util::Log::Debug,
            std::string("tenants: ") + (full ? "loaded all " : "reloaded ") +
                std::to_string(full ? state.count : static_cast<std::int64_t>(changed.size())) +
                (full ? "" : " changed"));
    return true;
}

std::shared_ptr<TenantDirectory::Snapshot> TenantDirectory::merged(
    const std::shared_ptr<const Snapshot>& base, const std::vector<TenantRecord>& records) {
    auto next = base ? std::make_shared<Snapshot>(*base) : std::make_shared<Snapshot>();
    for (const auto& r : records) {
        // A changed tenant replaces its old self, host names included.
        auto old = next->bySlug.find(r.tenant->slug);
        if (old != next->bySlug.end())
            for (const auto& h : old->second->hosts) next->byHost.erase(h);
        std::shared_ptr<const Tenant> t = r.tenant;
        next->bySlug[t->slug] = t;
        for (const auto& h : t->hosts) next->byHost[h] = t;
    }
    return next;
}

bool TenantDirectory::matches(const Snapshot& s, const DirectoryState& state) {
    if (static_cast<std::int64_t>(s.bySlug.size()) != state.count) return false;
    // The sum of the stamps is numeric in SQL; compare it as a decimal string.
    unsigned __int128 sum = 0;
    for (const auto& [slug, t] : s.bySlug) sum += static_cast<unsigned __int128>(t->changedSeq);
    std::string text;
    do {
        text.insert(text.begin(), static_cast<char>('0' + static_cast<int>(sum % 10)));
        sum /= 10;
    } while (sum > 0);
    return text == state.sumSeq;
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
