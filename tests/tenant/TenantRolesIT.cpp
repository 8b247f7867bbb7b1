// Isolation enforced by PostgreSQL (issue 9): each tenant's schema is owned by a role
// of its own, and the daemon runs every tenant statement as that role, so a statement
// that names another tenant's tables is refused by the database, whatever its text.
// These tests use the daemon's own DSN (TA_DSN) and its connection class.
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <thread>

#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItTenant.h"
#include "db/Connection.h"
#include "db/DbError.h"

using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItTenant;

namespace {
std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

ta::db::Scope scopeOf(const std::string& slug) {
    return {trimmed(ItAdmin::psql("SELECT db_role FROM tenantauth.tenants WHERE slug = '" + slug +
                                  "'")),
            "\"tenant_" + slug + "\""};
}

// The SQLSTATE `st` fails with under `scope`, "" when it succeeds.
std::string sqlstateOf(ta::db::Connection& c, const ta::db::Statement& st,
                       const ta::db::Scope& scope) {
    try {
        c.exec(ta::db::Bound{st, &scope}, {});
        return "";
    } catch (const ta::db::QueryError& e) {
        return e.sqlstate();
    }
}
}  // namespace

class TenantRolesIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TenantRolesIT);
    CPPUNIT_TEST(testAnotherTenantsTablesAreRefusedUnderATenantsRole);
    CPPUNIT_TEST(testEachTenantRoleOwnsItsSchemaAndNothingMore);
    CPPUNIT_TEST(testMigrateGivesAPreRoleTenantItsRole);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAnotherTenantsTablesAreRefusedUnderATenantsRole() {
        ItEnv::registerUser("alpha.test");
        ItEnv::registerUser("beta.test");
        ta::db::Scope alpha = scopeOf("alpha"), beta = scopeOf("beta");
        TA_ASSERT("alpha has a role: " + alpha.role,
                  !alpha.role.empty() && alpha.role != beta.role);
        ta::db::Connection c(ItEnv::var("TA_DSN"), 5000);
        const ta::db::Statement readAlpha{"it_read_alpha",
                                          "SELECT count(*) FROM \"tenant_alpha\".users"};
        const ta::db::Statement writeAlpha{
            "it_write_alpha", "UPDATE \"tenant_alpha\".users SET full_name = 'x' WHERE false"};
        const ta::db::Statement readOwn{"it_read_own", "SELECT count(*) FROM users"};
        // 42501: insufficient_privilege, for reads and writes alike.
        CPPUNIT_ASSERT_EQUAL(std::string("42501"), sqlstateOf(c, readAlpha, beta));
        CPPUNIT_ASSERT_EQUAL(std::string("42501"), sqlstateOf(c, writeAlpha, beta));
        CPPUNIT_ASSERT_EQUAL(std::string(""), sqlstateOf(c, readAlpha, alpha));
        // The same unqualified text reads whichever tenant's scope it runs in.
        auto count = [&](const ta::db::Scope& s) {
            return c.exec(ta::db::Bound{readOwn, &s}, {}).str(0, 0);
        };
        CPPUNIT_ASSERT_EQUAL(trimmed(ItAdmin::psql("SELECT count(*) FROM tenant_beta.users")),
                             count(beta));
        CPPUNIT_ASSERT_EQUAL(trimmed(ItAdmin::psql("SELECT count(*) FROM tenant_alpha.users")),
                             count(alpha));
        // Inside a transaction, a switch of tenant switches the role too.
        ta::db::Transaction tx(c);
        CPPUNIT_ASSERT_EQUAL(std::string(""), sqlstateOf(c, readAlpha, alpha));
        CPPUNIT_ASSERT_EQUAL(std::string("42501"), sqlstateOf(c, readAlpha, beta));
    }

    void testEachTenantRoleOwnsItsSchemaAndNothingMore() {
        for (const std::string slug : {"alpha", "beta"}) {
            std::string role = scopeOf(slug).role;
            CPPUNIT_ASSERT_EQUAL(
                std::string("f|f|f|f"),
                trimmed(ItAdmin::psql("SELECT rolcanlogin, rolsuper, rolbypassrls, rolcreaterole "
                                      "FROM pg_roles WHERE rolname = '" +
                                      role + "'")));
            // The schema and every table and sequence in it belong to the tenant's role,
            // not to the login role the daemon connects as.
            CPPUNIT_ASSERT_EQUAL(
                role, trimmed(ItAdmin::psql("SELECT nspowner::regrole FROM pg_namespace WHERE "
                                            "nspname = 'tenant_" +
                                            slug + "'")));
            CPPUNIT_ASSERT_EQUAL(
                std::string("0"),
                trimmed(ItAdmin::psql("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                                      "n.oid = c.relnamespace WHERE n.nspname = 'tenant_" +
                                      slug + "' AND c.relowner <> '" + role + "'::regrole")));
            // No privileges outside its schema: not on the control schema's tables.
            CPPUNIT_ASSERT_EQUAL(std::string("f"),
                                 trimmed(ItAdmin::psql("SELECT has_table_privilege('" + role +
                                                       "', 'tenantauth.tenants', 'SELECT')")));
        }
    }

    void testMigrateGivesAPreRoleTenantItsRole() {
        ItTenant t = ItTenant::create("legacy");
        std::string role = scopeOf(t.slug).role;
        // As a tenant made before roles: everything owned by the login role, no db_role.
        ItAdmin::psql("REASSIGN OWNED BY \"" + role + "\" TO CURRENT_USER; DROP OWNED BY \"" +
                      role + "\"; DROP ROLE \"" + role +
                      "\"; UPDATE tenantauth.tenants SET db_role = NULL WHERE slug = '" + t.slug +
                      "'");
        // The daemon refuses to start on such a database until migrate ran.
        auto check =
            ItEnv::run(ItEnv::var("TA_BUILD", "build") + "/tenantauthd --check-config --config " +
                       ItEnv::stateDir() + "/tenantauth.conf");
        TA_ASSERT(check.describe(),
                  check.exitCode != 0 && check.err.find("no PostgreSQL role") != std::string::npos);
        auto migrate = ItEnv::ctl("migrate");
        TA_ASSERT(migrate.describe(), migrate.exitCode == 0);
        CPPUNIT_ASSERT_EQUAL(role, scopeOf(t.slug).role);
        CPPUNIT_ASSERT_EQUAL(
            role, trimmed(ItAdmin::psql("SELECT nspowner::regrole FROM pg_namespace WHERE "
                                        "nspname = 'tenant_" +
                                        t.slug + "'")));
        CPPUNIT_ASSERT_EQUAL(
            std::string("0"),
            trimmed(ItAdmin::psql("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid "
                                  "= c.relnamespace WHERE n.nspname = 'tenant_" +
                                  t.slug + "' AND c.relowner <> '" + role + "'::regrole")));
        // The daemon sees the change and the tenant's admin still logs in and reads itself.
        std::this_thread::sleep_for(std::chrono::milliseconds(5500));
        auto admin = ItEnv::loginUser(t.adminEmail, t.adminPassword, t.host);
        auto me = ItAdmin::get("/api/users/me", admin.accessToken, t.host);
        TA_ASSERT(me.describe(), me.status == 200);
        // Removing the tenant drops its role too.
        auto removed = ItEnv::ctl("tenant remove " + t.slug + " --yes");
        TA_ASSERT(removed.describe(), removed.exitCode == 0);
        CPPUNIT_ASSERT_EQUAL(
            std::string("0"),
            trimmed(ItAdmin::psql("SELECT count(*) FROM pg_roles WHERE rolname = '" + role + "'")));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TenantRolesIT);
