#include "db/Migrator.h"

#include <set>

#include "db/EmbeddedSql.h"

namespace ta::db {

namespace {
std::string literal(Connection&, const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += '\'';
        out += c;
    }
    return out + "'";
}
}  // namespace

std::vector<std::string> Migrator::pending(const std::string& schema, const char* scope) {
    std::set<std::string> applied;
    Result exists =
        c_.run("SELECT to_regclass(" + literal(c_, quoteIdent(schema) + ".schema_migrations") +
               ") IS NOT NULL");
    if (exists.boolean(0, 0)) {
        Result r = c_.run("SELECT name FROM " + quoteIdent(schema) + ".schema_migrations");
        for (int i = 0; i < r.rows(); ++i) applied.insert(r.str(i, 0));
    }
    std::vector<std::string> out;
    for (const EmbeddedSql& f : embeddedSql())
        if (std::string(f.scope) == scope && !applied.count(f.name)) out.push_back(f.name);
    return out;
}

std::vector<std::string> Migrator::pendingControl() { return pending(kControlSchema, "control"); }
std::vector<std::string> Migrator::pendingTenant(const std::string& schema,
                                                 const std::string& role) {
    // The login role may have no rights of its own in a tenant schema (NOINHERIT).
    Transaction tx(c_);
    c_.run("SET LOCAL ROLE " + quoteIdent(role));
    auto out = pending(schema, "tenant");
    tx.commit();
    return out;
}

int Migrator::apply(const std::string& schema, const char* scope, const std::string& role) {
    const std::string q = quoteIdent(schema);
    Transaction tx(c_);
    // No NOTICE per schema for the IF NOT EXISTS below: 10,000 tenants would bury the
    // progress lines under 10,000 "already exists, skipping".
    c_.run("SET LOCAL client_min_messages = warning");
    // Two tenantauthctl runs at once must not apply the same file twice.
    c_.run("SELECT pg_advisory_xact_lock(hashtext('tenantauth migrate'))");
    c_.run("CREATE SCHEMA IF NOT EXISTS " + q +
           (role.empty() ? std::string() : " AUTHORIZATION " + quoteIdent(role)));
    // SET LOCAL ends with the transaction, so nothing leaks onto the connection.
    if (!role.empty()) c_.run("SET LOCAL ROLE " + quoteIdent(role));
    if (!role.empty()) c_.run("SET LOCAL search_path TO " + q);
    c_.run("CREATE TABLE IF NOT EXISTS " + q +
           ".schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT "
           "now())");
    int applied = 0;
    for (const std::string& name : pending(schema, scope)) {
        for (const EmbeddedSql& f : embeddedSql()) {
            if (std::string(f.scope) != scope || name != f.name) continue;
            c_.run(f.sql);
            c_.run("INSERT INTO " + q + ".schema_migrations (name) VALUES (" + literal(c_, name) +
                   ")");
            ++applied;
        }
    }
    tx.commit();
    return applied;
}

void Migrator::dropTenant(const std::string& schema, const std::string& role) {
    // In the caller's transaction; the role goes back to the login role after.
    c_.run("SET LOCAL ROLE " + quoteIdent(role));
    c_.run("DROP SCHEMA IF EXISTS " + quoteIdent(schema) + " CASCADE");
    c_.run("SET LOCAL ROLE NONE");
}

int Migrator::migrateControl() { return apply(kControlSchema, "control", ""); }
int Migrator::migrateTenant(const std::string& schema, const std::string& role) {
    return apply(schema, "tenant", role);
}

}  // namespace ta::db
