#include "maintenance/Janitor.h"

#include <ctime>

#include "account/LockoutStore.h"
#include "audit/AuditStore.h"
#include "mail/MailQueueStore.h"
#include "mail/OutboxStore.h"
#include "ratelimit/RateStore.h"
#include "recovery/RecoveryStore.h"
#include "token/RefreshTokenStore.h"
#include "util/Log.h"

namespace ta::maintenance {

long Janitor::runOnce() {
    long deleted = 0;
    std::int64_t hourAgo = static_cast<std::int64_t>(std::time(nullptr)) - 3600;
    for (const auto& t : tenants_.all()) {
        try {
            auto lease = pool_.acquire();
            deleted += audit::AuditStore(*lease, *t).prune(retentionDays_.load());
            deleted += account::LockoutStore(*lease, *t).prune(t->settings.lockoutWindowSeconds);
            deleted += ratelimit::RateStore(*lease, *t).prune(hourAgo);
            deleted += recovery::RecoveryStore(*lease, *t).prune();
            // Refresh successor seeds serve only within the reuse grace.
            token::RefreshTokenStore(*lease, *t)
                .forgetSeeds(tenant::TenantSettings::kMaxRefreshReuseGrace);
            // Sent mails keep only their envelope (the body is cleared when sent) for an
            // hour; given-up ones a week, for the admin to see why.
            mail::OutboxStore outbox(*lease, *t);
            deleted += outbox.prune(3600, 7 * 86400);
            // A tenant restored from a dump brings its pending mail but no queue entry:
            // signal it, so no mail waits for a wake-up that never comes.
            if (outbox.nextDueIn()) mail::MailQueueStore(*lease).signal(true, t->id);
        } catch (const std::exception& e) {
            util::Log::write(util::Log::Warn,
                             "prune of tenant " + t->slug + " failed: " + e.what());
        }
    }
    return deleted;
}

void Janitor::start(int firstDelaySeconds) {
    thread_ = std::thread([this, firstDelaySeconds] {
        std::unique_lock<std::mutex> lock(mutex_);
        auto wait = std::chrono::seconds(firstDelaySeconds);
        while (!cv_.wait_for(lock, wait, [this] { return stopping_; })) {
            lock.unlock();
            long n = runOnce();
            if (n > 0)
                util::Log::write(util::Log::Info, "pruned " + std::to_string(n) + " expired rows");
            lock.lock();
            wait = std::chrono::hours(1);
        }
    });
}

void Janitor::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace ta::maintenance
