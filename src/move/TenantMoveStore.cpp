#include "move/TenantMoveStore.h"

namespace ta::move {

namespace {
const db::Query kSnapshot{"move.snapshot", "SELECT pg_export_snapshot()"};
const db::Query kTablesKeyedByTenant{
    "move.keyedTables",
    "SELECT table_name::text FROM information_schema.columns WHERE table_schema = $1 "
    "AND column_name = 'tenant_id' ORDER BY 1"};
const db::Query kTenantRow{"move.tenant",
                           "SELECT id, slug, name, disabled, settings::text, created_at::text, "
                           "updated_at::text, now()::text FROM {schema}.tenants WHERE slug = $1"};
const db::Query kHosts{"move.hosts",
                       "SELECT host FROM {schema}.tenant_hosts WHERE tenant_id = $1::uuid "
                       "ORDER BY host"};
const db::Query kKeys{"move.keys",
                      "SELECT kid, sealed_secret, created_at::text, retired_at::text "
                      "FROM {schema}.signing_keys WHERE tenant_id = $1::uuid "
                      "ORDER BY created_at, kid"};
const db::Query kMailQueue{"move.mailQueue",
                           "SELECT due_at::text FROM {schema}.mail_queue "
                           "WHERE tenant_id = $1::uuid"};
const db::Query kMigrations{"move.migrations",
                            "SELECT name FROM {schema}.schema_migrations ORDER BY name"};
const db::Query kTotpSecrets{"move.totpSecrets",
                             "SELECT id::text, totp_secret, totp_pending_secret FROM "
                             "{schema}.users WHERE totp_secret IS NOT NULL OR "
                             "totp_pending_secret IS NOT NULL ORDER BY id"};
// Sent and failed mail have their body cleared (''); only mail still to go is sealed.
const db::Query kMailBodies{"move.mailBodies",
                            "SELECT id::text, body_sealed FROM {schema}.mail_outbox "
                            "WHERE body_sealed <> '' ORDER BY id"};
const db::Query kSetTotp{"move.setTotp",
                         "UPDATE {schema}.users SET totp_secret = $2 WHERE id = $1::uuid"};
const db::Query kSetTotpPending{
    "move.setTotpPending",
    "UPDATE {schema}.users SET totp_pending_secret = $2 WHERE id = $1::uuid"};
const db::Query kSetMailBody{
    "move.setMailBody", "UPDATE {schema}.mail_outbox SET body_sealed = $2 WHERE id = $1::bigint"};
const db::Query kLockImports{"move.lock",
                             "SELECT pg_advisory_lock(hashtext('tenantauth tenant import'))"};
const db::Query kRoleOf{"move.roleOf",
                        "SELECT coalesce(db_role, 'none') FROM {schema}.tenants WHERE slug = $1"};
const db::Query kSlugTaken{"move.slugTaken", "SELECT 1 FROM {schema}.tenants WHERE slug = $1"};
const db::Query kIdTaken{"move.idTaken", "SELECT slug FROM {schema}.tenants WHERE id = $1::uuid"};
const db::Query kHostTaken{"move.hostTaken",
                           "SELECT t.slug FROM {schema}.tenant_hosts h JOIN {schema}.tenants t "
                           "ON t.id = h.tenant_id WHERE h.host = $1"};
const db::Query kKidTaken{"move.kidTaken", "SELECT 1 FROM {schema}.signing_keys WHERE kid = $1"};
const db::Query kSchemaExists{"move.schemaExists", "SELECT 1 FROM pg_namespace WHERE nspname = $1"};
const db::Query kInsertTenant{
    "move.insertTenant",
    "INSERT INTO {schema}.tenants (id, slug, name, disabled, settings, created_at, updated_at, "
    "db_role) VALUES ($1::uuid, $2, $3, $4::boolean, $5::jsonb, $6::timestamptz, "
    "$7::timestamptz, $8)"};
const db::Query kInsertHost{
    "move.insertHost", "INSERT INTO {schema}.tenant_hosts (host, tenant_id) VALUES ($1, $2::uuid)"};
const db::Query kInsertKey{"move.insertKey",
                           "INSERT INTO {schema}.signing_keys (kid, tenant_id, sealed_secret, "
                           "created_at, retired_at) VALUES ($1, $2::uuid, $3, $4::timestamptz, "
                           "$5::timestamptz)"};
const db::Query kInsertMailQueue{
    "move.insertMailQueue",
    "INSERT INTO {schema}.mail_queue (tenant_id, due_at) VALUES ($1::uuid, $2::timestamptz)"};
}  // namespace

std::string TenantMoveStore::exportSnapshot() {
    // Must be the transaction's first statement; a utility command, so not prepared.
    c_.run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    return c_.exec(db::controlStatements()[kSnapshot], {}).str(0, 0);
}

std::vector<std::string> TenantMoveStore::tablesKeyedByTenant() {
    db::Result r = c_.exec(db::controlStatements()[kTablesKeyedByTenant], {db::kControlSchema});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.str(i, 0));
    return out;
}

bool TenantMoveStore::readControlRows(const std::string& slug, TenantBundle& b) {
    const auto& sql = db::controlStatements();
    db::Result t = c_.exec(sql[kTenantRow], {slug});
    if (t.empty()) return false;
    b.id = t.str(0, 0);
    b.slug = t.str(0, 1);
    b.name = t.str(0, 2);
    b.disabled = t.boolean(0, 3);
    b.settingsJson = t.str(0, 4);
    b.createdAt = t.str(0, 5);
    b.updatedAt = t.str(0, 6);
    b.exportedAt = t.str(0, 7);
    db::Result hosts = c_.exec(sql[kHosts], {b.id});
    for (int i = 0; i < hosts.rows(); ++i) b.hosts.push_back(hosts.str(i, 0));
    db::Result keys = c_.exec(sql[kKeys], {b.id});
    for (int i = 0; i < keys.rows(); ++i) {
        b.keys.push_back({keys.str(i, 0), keys.str(i, 1), keys.str(i, 2),
                          keys.isNull(i, 3) ? std::nullopt : std::optional(keys.str(i, 3))});
    }
    db::Result due = c_.exec(sql[kMailQueue], {b.id});
    if (!due.empty()) b.mailDueAt = due.str(0, 0);
    return true;
}

std::vector<std::string> TenantMoveStore::migrations(const db::Scope& scope) {
    db::Result r = c_.exec(db::Bound{kMigrations.tenant(), &scope}, {});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.str(i, 0));
    return out;
}

std::vector<SchemaSecret> TenantMoveStore::schemaSecrets(const db::Scope& scope) {
    std::vector<SchemaSecret> out;
    db::Result totp = c_.exec(db::Bound{kTotpSecrets.tenant(), &scope}, {});
    for (int i = 0; i < totp.rows(); ++i) {
        if (!totp.isNull(i, 1)) out.push_back({"totp_secret", totp.str(i, 0), totp.str(i, 1)});
        if (!totp.isNull(i, 2))
            out.push_back({"totp_pending_secret", totp.str(i, 0), totp.str(i, 2)});
    }
    db::Result mail = c_.exec(db::Bound{kMailBodies.tenant(), &scope}, {});
    for (int i = 0; i < mail.rows(); ++i)
        out.push_back({"mail_body", mail.str(i, 0), mail.str(i, 1)});
    return out;
}

std::string TenantMoveStore::roleOf(const std::string& slug) {
    db::Result r = c_.exec(db::controlStatements()[kRoleOf], {slug});
    return r.empty() ? "none" : r.str(0, 0);
}

void TenantMoveStore::lockImports() { c_.exec(db::controlStatements()[kLockImports], {}); }

std::vector<std::string> TenantMoveStore::clashes(const TenantBundle& b) {
    const auto& sql = db::controlStatements();
    std::vector<std::string> out;
    // The same tenant imported twice: the rest would only repeat it.
    if (!c_.exec(sql[kSlugTaken], {b.slug}).empty())
        return {"a tenant '" + b.slug + "' already exists"};
    db::Result id = c_.exec(sql[kIdTaken], {b.id});
    if (!id.empty() && id.str(0, 0) != b.slug)
        out.push_back("tenant id " + b.id + " already exists (tenant '" + id.str(0, 0) + "')");
    for (const auto& h : b.hosts) {
        db::Result owner = c_.exec(sql[kHostTaken], {h});
        if (!owner.empty())
            out.push_back("host " + h + " is already used by tenant '" + owner.str(0, 0) + "'");
    }
    for (const auto& k : b.keys)
        if (!c_.exec(sql[kKidTaken], {k.kid}).empty())
            out.push_back("signing key " + k.kid + " already exists");
    if (!c_.exec(sql[kSchemaExists], {b.schema}).empty())
        out.push_back("schema " + b.schema + " already exists");
    return out;
}

void TenantMoveStore::insertControlRows(const TenantBundle& b, const std::string& role) {
    const auto& sql = db::controlStatements();
    c_.exec(sql[kInsertTenant],
            {b.id, b.slug, b.name, b.disabled, b.settingsJson, b.createdAt, b.updatedAt, role});
    for (const auto& h : b.hosts) c_.exec(sql[kInsertHost], {h, b.id});
    for (const auto& k : b.keys)
        c_.exec(sql[kInsertKey], {k.kid, b.id, k.sealedSecret, k.createdAt, k.retiredAt});
    if (b.mailDueAt) c_.exec(sql[kInsertMailQueue], {b.id, *b.mailDueAt});
}

void TenantMoveStore::quietNotices() { c_.run("SET client_min_messages = warning"); }

void TenantMoveStore::setSchemaSecret(const db::Scope& scope, const SchemaSecret& s) {
    const db::Query& q = s.kind == "totp_secret"           ? kSetTotp
                         : s.kind == "totp_pending_secret" ? kSetTotpPending
                                                           : kSetMailBody;
    c_.exec(db::Bound{q.tenant(), &scope}, {s.ref, s.sealed});
}

}  // namespace ta::move
