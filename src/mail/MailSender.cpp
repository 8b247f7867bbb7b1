#include "mail/MailSender.h"

#include <chrono>
#include <random>
#include <unordered_map>

#include "admin/SettingsAdmin.h"
#include "db/DbError.h"
#include "mail/Backoff.h"
#include "mail/MailQueueStore.h"
#include "mail/OutboxStore.h"
#include "mail/SmtpTransport.h"
#include "util/Base64Url.h"
#include "util/Log.h"

namespace ta::mail {

namespace {
// How often the queue is asked for due tenants: the delay of a new mail.
constexpr auto kPollInterval = std::chrono::milliseconds(2000);
// Tenants and mails per pass, so one tenant's backlog does not starve the others.
constexpr int kTenantsPerPass = 20;
constexpr int kMailsPerTenant = 20;
// A claimed tenant / mail is left to its sender this long; longer than the worst
// case of one batch against a slow server (connect 10 s + commands 30 s each).
constexpr int kTenantLeaseSeconds = 900;
constexpr int kMailLeaseSeconds = 900;
// A tenant the directory does not know yet (just added) is looked at again soon.
constexpr double kUnknownTenantRetrySeconds = 10;
constexpr double kAfterErrorSeconds = 30;

std::string shortError(const std::string& e) { return e.size() > 500 ? e.substr(0, 500) : e; }

SmtpServer serverOf(const tenant::Tenant& t, const util::SecretBox& box) {
    const auto& s = t.settings;
    SmtpServer server;
    server.host = s.smtpHost;
    server.port = s.smtpPort;
    server.starttls = s.smtpStarttls;
    server.username = s.smtpUsername;
    server.from = s.smtpFrom;
    server.fromName = t.name.empty() ? t.slug : t.name;
    if (!s.smtpPassword.empty()) {
        auto raw = util::Base64Url::decode(s.smtpPassword);
        auto plain = raw ? box.open(*raw, admin::SettingsAdmin::secretAad(t.id, "smtp.password"))
                         : std::nullopt;
        if (!plain) throw std::runtime_error("smtp.password does not unseal (another key file?)");
        server.password = *plain;
    }
    return server;
}
}  // namespace

void MailSender::deliver(const tenant::Tenant& t, const SmtpServer& server, std::string& skipReason,
                         const OutboxRow& row, int& sent) {
    std::string error = skipReason;
    std::optional<std::string> body;
    bool hopeless = false;  // no later attempt can do better
    if (error.empty()) {
        body = outbox_.openBody(t, row.bodySealed);
        if (!body) {
            error = "the body does not unseal (another key file?)";
            hopeless = true;
        }
    }
    // No pooled connection is held while a mail server takes its time.
    if (error.empty()) {
        try {
            SmtpTransport::send(server, Mail{row.kind, row.recipient, row.subject, *body});
        } catch (const SmtpUnreachable& e) {
            error = shortError(e.what());
            skipReason =
                "not tried: the server was unreachable for the mail before (" + error + ")";
        } catch (const std::exception& e) {
            error = shortError(e.what());
        }
    }
    auto lease = pool_.acquire();
    OutboxStore store(*lease, t);
    std::string what = "mail " + std::to_string(row.id) + " of tenant " + t.slug;
    if (error.empty()) {
        store.markSent(row.id);
        ++sent;
        util::Log::write(util::Log::Info, what + " sent (" + row.kind + ", attempt " +
                                              std::to_string(row.attempts) + ")");
        return;
    }
    int delay = Backoff::delaySeconds(row.attempts, retrySeconds_.load());
    if (hopeless || Backoff::givesUp(row.ageSeconds, delay)) {
        store.markFailed(row.id, error);
        util::Log::write(
            util::Log::Error,
            what + " given up after " + std::to_string(row.attempts) + " attempts: " + error);
    } else {
        store.markRetry(row.id, delay, error);
        util::Log::write(util::Log::Warn, what + " attempt " + std::to_string(row.attempts) +
                                              " failed, next in " + std::to_string(delay) +
                                              " s: " + error);
    }
}

int MailSender::serveTenant(const tenant::Tenant& t, const std::string& stamp) {
    int sent = 0;
    std::string skipReason;  // a setting that cannot work: every mail waits
    SmtpServer server;
    try {
        server = serverOf(t, box_);
    } catch (const std::exception& e) {
        skipReason = e.what();
    }
    while (!stopping()) {
        std::vector<OutboxRow> rows;
        {
            auto lease = pool_.acquire();
            db::Transaction tx(*lease);
            rows = OutboxStore(*lease, t).claimDue(kMailsPerTenant, kMailLeaseSeconds);
            tx.commit();
        }
        if (rows.empty()) break;
        for (const OutboxRow& row : rows) deliver(t, server, skipReason, row, sent);
    }
    // Rescheduled in the same pass, so no tenant is polled for mail it does not have.
    auto lease = pool_.acquire();
    MailQueueStore queue(*lease);
    if (auto next = OutboxStore(*lease, t).nextDueIn())
        queue.reschedule(t.id, stamp, *next);
    else
        queue.finish(t.id, stamp);
    return sent;
}

int MailSender::runOnce() {
    std::vector<std::string> due;
    {
        auto lease = pool_.acquire();
        due = MailQueueStore(*lease).due(kTenantsPerPass);
    }
    if (due.empty()) return 0;
    std::unordered_map<std::string, std::shared_ptr<const tenant::Tenant>> byId;
    for (const auto& t : tenants_.all()) byId[t->id] = t;
    int sent = 0;
    for (const std::string& id : due) {
        if (stopping()) break;
        std::optional<std::string> stamp;
        try {
            auto lease = pool_.acquire();
            MailQueueStore queue(*lease);
            stamp = queue.claim(id, kTenantLeaseSeconds);
            if (!stamp) continue;  // another sender has it
            auto it = byId.find(id);
            if (it == byId.end()) {
                queue.reschedule(id, *stamp, kUnknownTenantRetrySeconds);
                continue;
            }
        } catch (const std::exception& e) {
            util::Log::write(util::Log::Warn, std::string("mail queue: ") + e.what());
            continue;
        }
        try {
            sent += serveTenant(*byId[id], *stamp);
        } catch (const std::exception& e) {
            // The claim lapses after its lease and another pass takes the tenant again.
            util::Log::write(util::Log::Warn,
                             "mail of tenant " + byId[id]->slug + " not sent: " + e.what());
            try {
                auto lease = pool_.acquire();
                MailQueueStore(*lease).reschedule(id, *stamp, kAfterErrorSeconds);
            } catch (const std::exception&) {
                // The claim lapses after its lease instead.
            }
        }
    }
    return sent;
}

bool MailSender::stopping() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stopping_;
}

void MailSender::start() {
    thread_ = std::thread([this] {
        // Random phases: processes started together (consecutive pids, two daemons
        // started a second apart) would otherwise poll in lockstep, and the earliest
        // would take every mail.
        std::mt19937 random(std::random_device{}());
        std::uniform_int_distribution<int> jitter(-300, 300);
        std::unique_lock<std::mutex> lock(mutex_);
        auto wait = std::chrono::milliseconds(random() % 2000);
        while (!cv_.wait_for(lock, wait, [this] { return stopping_; })) {
            lock.unlock();
            try {
                runOnce();
            } catch (const std::exception& e) {
                util::Log::write(util::Log::Debug, std::string("mail sender: ") + e.what());
            }
            lock.lock();
            wait = kPollInterval + std::chrono::milliseconds(jitter(random));
        }
    });
}

void MailSender::stop() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
}

}  // namespace ta::mail
