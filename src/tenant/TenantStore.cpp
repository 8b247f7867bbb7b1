#include "tenant/TenantStore.h"

#include <map>

#include "db/DbError.h"
#include "tenant/Slug.h"
#include "util/Base64Url.h"
#include "util/Random.h"

namespace ta::tenant {

namespace {
// The tenants stamped after $1 (see sql/control/002), with their hosts and keys; and the
// same for one slug, for tenantauthctl (loading every tenant to find one would cost as
// much as the directory has tenants). Each triple: `t` is the tenants row.
#define TA_TENANTS                                                                     \
    "SELECT id, slug, name, disabled, settings::text, changed_seq, coalesce(db_role, " \
    "'none') FROM {schema}.tenants t "
#define TA_HOSTS                                               \
    "SELECT h.tenant_id, h.host FROM {schema}.tenant_hosts h " \
    "JOIN {schema}.tenants t ON t.id = h.tenant_id "
#define TA_KEYS                                                                              \
    "SELECT k.tenant_id, k.kid, k.sealed_secret, extract(epoch FROM k.created_at)::bigint, " \
    "coalesce(extract(epoch FROM k.retired_at)::bigint, 0) FROM {schema}.signing_keys k "    \
    "JOIN {schema}.tenants t ON t.id = k.tenant_id "
#define TA_KEY_ORDER " ORDER BY k.created_at DESC, k.kid DESC"
const db::Query kLoadTenants{"tenants.load", TA_TENANTS "WHERE changed_seq > $1 ORDER BY slug"};
const db::Query kLoadHosts{"tenants.hosts", TA_HOSTS "WHERE t.changed_seq > $1 ORDER BY h.host"};
const db::Query kLoadKeys{"tenants.keys", TA_KEYS "WHERE t.changed_seq > $1" TA_KEY_ORDER};
const db::Query kFindTenant{"tenants.find", TA_TENANTS "WHERE slug = $1"};
const db::Query kFindHosts{"tenants.findHosts", TA_HOSTS "WHERE t.slug = $1 ORDER BY h.host"};
const db::Query kFindKeys{"tenants.findKeys", TA_KEYS "WHERE t.slug = $1" TA_KEY_ORDER};
#undef TA_TENANTS
#undef TA_HOSTS
#undef TA_KEYS
#undef TA_KEY_ORDER
const db::Query kDirectoryState{"tenants.state",
                                "SELECT count(*), coalesce(max(changed_seq), 0), "
                                "coalesce(sum(changed_seq), 0)::text FROM {schema}.tenants"};
const db::Query kInsertTenant{
    "tenants.insert", "INSERT INTO {schema}.tenants (slug, name) VALUES ($1, $2) RETURNING id"};
const db::Query kInsertHost{"tenants.insertHost",
                            "INSERT INTO {schema}.tenant_hosts (host, tenant_id) "
                            "SELECT $2, id FROM {schema}.tenants WHERE slug = $1"};
const db::Query kDeleteHost{"tenants.deleteHost",
                            "DELETE FROM {schema}.tenant_hosts h USING {schema}.tenants t "
                            "WHERE h.tenant_id = t.id AND t.slug = $1 AND h.host = $2"};
const db::Query kInsertKey{
    "tenants.insertKey",
    "INSERT INTO {schema}.signing_keys (kid, tenant_id, sealed_secret) VALUES ($1, $2, $3)"};
const db::Query kRetireKeys{"tenants.retireKeys",
                            "UPDATE {schema}.signing_keys SET retired_at = now() WHERE tenant_id = "
                            "$1 AND retired_at IS NULL"};
const db::Query kSetDisabled{
    "tenants.setDisabled",
    "UPDATE {schema}.tenants SET disabled = $2, updated_at = now() WHERE slug = $1"};
const db::Query kSetRole{"tenants.setRole",
                         "UPDATE {schema}.tenants SET db_role = $2 WHERE slug = $1"};
const db::Query kDeleteTenant{"tenants.delete", "DELETE FROM {schema}.tenants WHERE slug = $1"};
// Held until the rotation commits: a second rotation waits, then sees the first's key.
const db::Query kLockTenant{"tenants.lock",
                            "SELECT id FROM {schema}.tenants WHERE slug = $1 FOR UPDATE"};
const db::Query kSettings{"tenants.settings",
                          "SELECT settings::text FROM {schema}.tenants WHERE id = $1::uuid"};
const db::Query kLockSettings{
    "tenants.lockSettings",
    "SELECT settings::text FROM {schema}.tenants WHERE id = $1::uuid FOR UPDATE"};
const db::Query kSaveSettings{
    "tenants.saveSettings",
    "UPDATE {schema}.tenants SET settings = $2::jsonb, updated_at = now() WHERE id = $1::uuid"};
}  // namespace

std::string TenantStore::settingsJson(const std::string& tenantId, bool lock) {
    db::Result r = c_.exec(db::controlStatements()[lock ? kLockSettings : kSettings], {tenantId});
    return r.empty() ? std::string() : r.str(0, 0);
}

void TenantStore::saveSettings(const std::string& tenantId, const std::string& json) {
    c_.exec(db::controlStatements()[kSaveSettings], {tenantId, json});
}

DirectoryState TenantStore::state() {
    db::Result r = c_.exec(db::controlStatements()[kDirectoryState], {});
    return {r.int64(0, 0), r.int64(0, 1), r.str(0, 2)};
}

std::vector<TenantRecord> TenantStore::loadAll() { return loadChangedSince(-1); }

std::vector<TenantRecord> TenantStore::loadChangedSince(std::int64_t since) {
    const auto& sql = db::controlStatements();
    return records(c_.exec(sql[kLoadTenants], {since}), c_.exec(sql[kLoadHosts], {since}),
                   c_.exec(sql[kLoadKeys], {since}));
}

std::vector<TenantRecord> TenantStore::records(const db::Result& tenants, const db::Result& hosts,
                                               const db::Result& keys) {
    std::vector<TenantRecord> out;
    std::map<std::string, size_t> byId;
    for (int i = 0; i < tenants.rows(); ++i) {
        auto t = std::make_shared<Tenant>();
        t->id = tenants.str(i, 0);
        t->slug = tenants.str(i, 1);
        t->name = tenants.str(i, 2);
        t->disabled = tenants.boolean(i, 3);
        t->settings = TenantSettings::fromJson(tenants.str(i, 4));
        t->schema = Slug::schemaFor(t->slug);
        t->changedSeq = tenants.int64(i, 5);
        t->scope = {tenants.str(i, 6), db::quoteIdent(t->schema)};
        byId[t->id] = out.size();
        out.push_back({t});
    }
    for (int i = 0; i < hosts.rows(); ++i) {
        auto it = byId.find(hosts.str(i, 0));
        if (it != byId.end()) out[it->second].tenant->hosts.push_back(hosts.str(i, 1));
    }
    for (int i = 0; i < keys.rows(); ++i) {
        auto it = byId.find(keys.str(i, 0));
        if (it == byId.end()) continue;
        auto sealed = util::Base64Url::decode(keys.str(i, 2));
        auto secret = sealed ? box_.open(*sealed, keys.str(i, 1)) : std::nullopt;
        // A key sealed under another key file cannot verify anything; skip it.
        if (!secret) continue;
        out[it->second].tenant->keys.push_back(
            {keys.str(i, 1), *secret, keys.int64(i, 3), keys.int64(i, 4)});
    }
    return out;
}

std::optional<TenantRecord> TenantStore::find(const std::string& slug) {
    const auto& sql = db::controlStatements();
    auto found = records(c_.exec(sql[kFindTenant], {slug}), c_.exec(sql[kFindHosts], {slug}),
                         c_.exec(sql[kFindKeys], {slug}));
    if (found.empty()) return std::nullopt;
    return found.front();
}

bool TenantStore::setRole(const std::string& slug, const std::string& role) {
    return c_.exec(db::controlStatements()[kSetRole], {slug, role}).affected() == 1;
}

std::string TenantStore::newKey(const std::string& tenantId) {
    std::string kid = util::Random::hex(8);
    std::string sealed = util::Base64Url::encode(box_.seal(util::Random::bytes(32), kid));
    c_.exec(db::controlStatements()[kInsertKey], {kid, tenantId, sealed});
    return kid;
}

std::string TenantStore::add(const std::string& slug, const std::string& name,
                             const std::vector<std::string>& hosts) {
    const auto& sql = db::controlStatements();
    db::Result r = c_.exec(sql[kInsertTenant], {slug, name});
    std::string id = r.str(0, 0);
    for (const auto& h : hosts) c_.exec(sql[kInsertHost], {slug, h});
    newKey(id);
    return id;
}

bool TenantStore::setDisabled(const std::string& slug, bool disabled) {
    return c_.exec(db::controlStatements()[kSetDisabled], {slug, disabled}).affected() == 1;
}

bool TenantStore::remove(const std::string& slug) {
    return c_.exec(db::controlStatements()[kDeleteTenant], {slug}).affected() == 1;
}

bool TenantStore::addHost(const std::string& slug, const std::string& host) {
    return c_.exec(db::controlStatements()[kInsertHost], {slug, host}).affected() == 1;
}

bool TenantStore::removeHost(const std::string& slug, const std::string& host) {
    return c_.exec(db::controlStatements()[kDeleteHost], {slug, host}).affected() == 1;
}

std::string TenantStore::rotateKey(const std::string& slug) {
    db::Result r = c_.exec(db::controlStatements()[kLockTenant], {slug});
    if (r.empty()) return {};
    std::string id = r.str(0, 0);
    c_.exec(db::controlStatements()[kRetireKeys], {id});
    return newKey(id);
}

}  // namespace ta::tenant
