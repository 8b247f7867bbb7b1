#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/Connection.h"

namespace ta::mail {

// The control schema's mail_queue (sql/control/003_mail_queue.sql): one row per tenant
// with mail pending, and when its earliest mail is due. The sender reads only due
// rows, so an idle poll costs one index probe however many tenants there are.
class MailQueueStore {
public:
    explicit MailQueueStore(db::Connection& c) : c_(c) {}

    // In the transaction that writes a mail: the tenant has mail due now.
    void signal(bool when, const std::string& tenantId);
    // Ids of tenants whose mail is due, earliest first.
    std::vector<std::string> due(int limit);
    // Takes a due tenant for `leaseSeconds` (another sender skips it meanwhile);
    // returns the stamp that reschedule/finish compare against, or nullopt when
    // another sender took it first.
    std::optional<std::string> claim(const std::string& tenantId, int leaseSeconds);
    // Sets the next due time, unless a request signalled the tenant since the claim
    // (then its "due now" stands).
    void reschedule(const std::string& tenantId, const std::string& stamp, double inSeconds);
    // Removes the row (no mail pending), under the same condition.
    void finish(const std::string& tenantId, const std::string& stamp);

private:
    db::Connection& c_;
};

}  // namespace ta::mail
