#pragma once
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "db/Pool.h"
#include "mail/Outbox.h"
#include "mail/OutboxStore.h"
#include "mail/SmtpTransport.h"
#include "tenant/TenantDirectory.h"
#include "util/SecretBox.h"

namespace ta::mail {

// Delivers the outboxes. Every couple of seconds it asks the control schema's
// mail_queue which tenants have mail due (one index probe, whatever the number of
// tenants), claims each such tenant for a while, claims its due mails with FOR UPDATE
// SKIP LOCKED, sends them through the tenant's SMTP server and records the outcome:
// sent (body cleared), or tried again later with exponential back-off, or given up
// after two days. Any number of senders (processes, hosts) may run: a mail is
// claimed by one of them at a time.
class MailSender {
public:
    MailSender(db::Pool& pool, const tenant::TenantDirectory& tenants, const Outbox& outbox,
               const util::SecretBox& box)
        : pool_(pool), tenants_(tenants), outbox_(outbox), box_(box) {}
    ~MailSender() { stop(); }

    void start();
    void stop();
    // Seconds before the first retry of a failed mail (doubling up to an hour).
    void setRetrySeconds(int s) { retrySeconds_.store(s); }
    // One pass over the tenants with mail due; returns the mails sent.
    int runOnce();

private:
    int serveTenant(const tenant::Tenant& t, const std::string& stamp);
    // Sends one claimed mail and records the outcome. `skipReason`, once set (a bad
    // setting, or the server unreachable for an earlier mail of the pass), defers the
    // mail without trying the server.
    void deliver(const tenant::Tenant& t, const SmtpServer& server, std::string& skipReason,
                 const OutboxRow& row, int& sent);
    bool stopping();

    db::Pool& pool_;
    const tenant::TenantDirectory& tenants_;
    const Outbox& outbox_;
    const util::SecretBox& box_;
    std::atomic<int> retrySeconds_{60};
    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable cv_;
    bool stopping_ = false;
};

}  // namespace ta::mail
