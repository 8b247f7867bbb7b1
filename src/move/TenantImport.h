#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/Connection.h"
#include "db/PgTools.h"
#include "move/TenantBundle.h"
#include "move/TenantMoveStore.h"
#include "util/SecretBox.h"

namespace ta::move {

// tenantauthctl tenant import: a TenantExport file into this database. Everything that can
// be checked is checked before anything is written (file, passphrase, keys, pg_restore's
// version, clashes with what is here). Then pg_restore restores the schema in one
// transaction of its own, and one transaction of ours updates its sealed columns and
// writes the control rows last, so a daemon never sees the tenant before its tables; when
// that fails, the restored schema is dropped again.
class TenantImport {
public:
    TenantImport(db::Connection& c, const util::SecretBox& box, const db::PgTools& tools)
        : c_(c), box_(box), tools_(tools) {}

    TenantBundle run(const std::string& path, const std::optional<std::string>& passphrase);

    // The entries of a `pg_restore --list` listing that are not in `schema` (nor the
    // schema itself), one line each.
    static std::vector<std::string> outsideSchema(const std::string& listing,
                                                  const std::string& schema);

private:
    // Seals `b`'s secrets for this host (the control rows in `b`, the schema's in the
    // result); throws when the passphrase or the key file does not open them.
    std::vector<SchemaSecret> resealForHere(TenantBundle& b,
                                            const std::optional<std::string>& passphrase);

    db::Connection& c_;
    const util::SecretBox& box_;
    const db::PgTools& tools_;
};

}  // namespace ta::move
