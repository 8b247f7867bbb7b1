#pragma once
#include <optional>
#include <string>

#include "db/Connection.h"
#include "db/PgTools.h"
#include "move/TenantBundle.h"
#include "util/SecretBox.h"

namespace ta::move {

// tenantauthctl tenant export: one tenant's control rows and its schema (pg_dump of that
// schema only) in one file (TenantBundle), read from one snapshot of the database.
class TenantExport {
public:
    TenantExport(db::Connection& c, const util::SecretBox& box, const db::PgTools& tools)
        : c_(c), box_(box), tools_(tools) {}

    // Writes tenant `slug` to `path`, which must not exist (created mode 0600: it holds
    // password hashes). With a passphrase every sealed secret is opened with this host's
    // key file and sealed again under it; without, they stay as they are, for a host with
    // the same key file. Throws std::runtime_error; a partly written file is removed.
    TenantBundle run(const std::string& slug, const std::string& path,
                     const std::optional<std::string>& passphrase);

private:
    void sealUnderPassphrase(TenantBundle& b, const db::Scope& scope,
                             const util::PassphraseBox& pass);

    db::Connection& c_;
    const util::SecretBox& box_;
    const db::PgTools& tools_;
};

}  // namespace ta::move
