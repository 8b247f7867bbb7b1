#pragma once
#include <optional>
#include <string>
#include <vector>

#include "db/Connection.h"
#include "move/TenantBundle.h"

namespace ta::move {

// A sealed value in a tenant's schema: kind totp_secret / totp_pending_secret (ref: the
// user id) or mail_body (ref: the mail_outbox id); `sealed` as stored (base64url).
struct SchemaSecret {
    std::string kind;
    std::string ref;
    std::string sealed;
};

// SQL of tenant export and import: one tenant's control rows, its schema's sealed
// columns, and the checks an import makes before it writes.
class TenantMoveStore {
public:
    explicit TenantMoveStore(db::Connection& c) : c_(c) {}

    // In a transaction just begun: makes it a read-only repeatable-read snapshot and
    // exports it, so pg_dump --snapshot sees exactly what this transaction reads.
    std::string exportSnapshot();
    // Control tables with a tenant_id column, by name.
    std::vector<std::string> tablesKeyedByTenant();
    // Fills the control-row fields of `b` (tenant, hosts, keys, mail queue, exportedAt)
    // for `slug`; false when there is no such tenant.
    bool readControlRows(const std::string& slug, TenantBundle& b);
    // The tenant's PostgreSQL role (sql/control/004); "none" before it has one.
    std::string roleOf(const std::string& slug);
    // A tenant's schema, read as the tenant's role (`scope`, see db::Scope).
    std::vector<std::string> migrations(const db::Scope& scope);
    std::vector<SchemaSecret> schemaSecrets(const db::Scope& scope);

    // Blocks until no other import runs (a session lock, released on disconnect).
    void lockImports();
    // What of `b` already exists in this database, one line each; empty when nothing.
    std::vector<std::string> clashes(const TenantBundle& b);
    // Writes `b`'s control rows, keys and settings as they are in `b` (already sealed for
    // this host).
    void insertControlRows(const TenantBundle& b, const std::string& role);
    void setSchemaSecret(const db::Scope& scope, const SchemaSecret& s);
    // The rest of this session without NOTICEs ("schema ... already exists, skipping" from
    // migrating the restored schema), which would look like trouble on stderr.
    void quietNotices();

private:
    db::Connection& c_;
};

}  // namespace ta::move
