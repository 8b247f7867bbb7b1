#pragma once
#include <optional>
#include <string>

#include "db/Connection.h"
#include "mail/Mail.h"
#include "tenant/Tenant.h"
#include "util/SecretBox.h"

namespace ta::mail {

// Where requests put mail: the tenant's outbox, in the caller's transaction, plus a
// "due now" signal for the sender in the control schema's queue. A request never
// talks to a mail server, so a slow or absent one never blocks or loses it.
class Outbox {
public:
    explicit Outbox(const util::SecretBox& box) : box_(box) {}

    // Writes `m` on `c` (inside the caller's transaction) when `when`; with false the
    // same statements run and write nothing, so both cases take the same time.
    // Returns whether it was written.
    bool enqueue(db::Connection& c, const tenant::Tenant& t, const Mail& m, bool when = true) const;
    // The body of a stored mail (sealed: it carries a live token); nullopt when it
    // does not open (another key, or tampered with).
    std::optional<std::string> openBody(const tenant::Tenant& t, const std::string& sealed) const;
    // The AAD bodies are sealed with: a row copied into another tenant does not open.
    static std::string bodyAad(const std::string& tenantId) { return "mail_outbox:" + tenantId; }

private:
    const util::SecretBox& box_;
};

}  // namespace ta::mail
