#include "tenant/TenantRoleStore.h"

#include "db/DbError.h"

namespace ta::tenant {

namespace {
const db::Query kDatabaseOid{
    "roles.databaseOid", "SELECT oid::text FROM pg_database WHERE datname = current_database()"};
const db::Query kRoleExists{"roles.exists", "SELECT 1 FROM pg_roles WHERE rolname = $1"};
const db::Query kGranted{"roles.granted",
                         "SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid "
                         "WHERE r.rolname = $1 AND m.member = (SELECT oid FROM pg_roles WHERE "
                         "rolname = current_user)"};
// Relations of the schema not owned by the role yet. Indexes and the sequences behind
// a serial column follow their table's owner, so they are not listed.
const db::Query kForeignOwned{
    "roles.foreignOwned",
    "SELECT c.relkind::text, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = "
    "c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND "
    "c.relowner <> (SELECT oid FROM pg_roles WHERE rolname = $2) AND NOT EXISTS (SELECT 1 "
    "FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND "
    "d.deptype IN ('a', 'i')) UNION ALL SELECT 'n', nspname FROM pg_namespace WHERE nspname "
    "= $1 AND nspowner <> (SELECT oid FROM pg_roles WHERE rolname = $2)"};

const char* keyword(const std::string& relkind) {
    if (relkind == "v") return "VIEW";
    if (relkind == "m") return "MATERIALIZED VIEW";
    if (relkind == "S") return "SEQUENCE";
    return "TABLE";
}
}  // namespace

std::string TenantRoleStore::nameFor(const std::string& slug) {
    return "ta" + c_.exec(db::controlStatements()[kDatabaseOid], {}).str(0, 0) + "_" + slug;
}

void TenantRoleStore::ensure(const std::string& role) {
    const std::string q = db::quoteIdent(role);
    if (c_.exec(db::controlStatements()[kRoleExists], {role}).empty()) {
        // NOINHERIT: the role has its own schema's privileges and nothing it might be
        // granted later.
        c_.run("CREATE ROLE " + q + " NOLOGIN NOINHERIT");
    }
    if (c_.exec(db::controlStatements()[kGranted], {role}).empty())
        c_.run("GRANT " + q + " TO CURRENT_USER");
}

void TenantRoleStore::adopt(const std::string& schema, const std::string& role) {
    const std::string r = db::quoteIdent(role);
    db::Result rows = c_.exec(db::controlStatements()[kForeignOwned], {schema, role});
    for (int i = 0; i < rows.rows(); ++i) {
        std::string kind = rows.str(i, 0);
        if (kind == "n")
            c_.run("ALTER SCHEMA " + db::quoteIdent(schema) + " OWNER TO " + r);
        else
            c_.run(std::string("ALTER ") + keyword(kind) + " " + db::quoteIdent(schema) + "." +
                   db::quoteIdent(rows.str(i, 1)) + " OWNER TO " + r);
    }
    c_.run("REVOKE ALL ON SCHEMA " + db::quoteIdent(schema) + " FROM PUBLIC");
}

void TenantRoleStore::drop(const std::string& role) {
    if (!c_.exec(db::controlStatements()[kRoleExists], {role}).empty())
        c_.run("DROP ROLE " + db::quoteIdent(role));
}

}  // namespace ta::tenant
