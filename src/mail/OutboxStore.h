#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/Connection.h"
#include "tenant/Tenant.h"

namespace ta::mail {

// A mail the sender has claimed: attempts already counts this attempt.
struct OutboxRow {
    std::int64_t id = 0;
    std::string kind;
    std::string recipient;
    std::string subject;
    std::string bodySealed;
    int attempts = 0;
    std::int64_t ageSeconds = 0;
};

// A tenant's mail_outbox table (sql/tenant/003_mail.sql).
class OutboxStore {
public:
    OutboxStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    // Inserts the mail when `when`; with false the same statement runs and writes
    // nothing (callers that must take the same time either way). True when inserted.
    bool insert(bool when, const std::string& kind, const std::string& recipient,
                const std::string& subject, const std::string& bodySealed);
    // Up to `limit` due mails, claimed for `leaseSeconds` (FOR UPDATE SKIP LOCKED, then
    // moved past the lease): parallel senders never get the same row.
    std::vector<OutboxRow> claimDue(int limit, int leaseSeconds);
    void markSent(std::int64_t id);
    void markRetry(std::int64_t id, int delaySeconds, const std::string& error);
    void markFailed(std::int64_t id, const std::string& error);
    // Seconds from now until the earliest pending mail is due (<= 0: due now), or
    // nullopt when nothing is pending.
    std::optional<double> nextDueIn();
    // Deletes mails sent more than `keepSentSeconds` ago, or given up more than
    // `keepFailedSeconds` ago.
    int prune(int keepSentSeconds, int keepFailedSeconds);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::mail
