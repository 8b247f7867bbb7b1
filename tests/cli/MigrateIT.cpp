// tenantauthctl migrate over many tenants: killed half way, run again, it finishes;
// it says how far it got.
#include <cppunit/extensions/HelperMacros.h>
#include <signal.h>

#include <cstdio>
#include <string>
#include <vector>

#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItProcessResult;

class MigrateIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MigrateIT);
    CPPUNIT_TEST(testKilledHalfWayThenRunAgainFinishes);
    CPPUNIT_TEST_SUITE_END();

    // A tenant migration and the objects it creates (not the newest since 005; migrate
    // applies whichever is missing): the test takes it back from its own tenants so
    // that migrate has something to apply to each of them.
    static constexpr const char* kMigration = "004_oauth";
    static constexpr int kTenants = 12;
    static constexpr int kBlockedAt = 6;  // tenants 0..5 finish, migrate waits at 6

    std::vector<std::string> slugs_;
    std::string app_;  // application_name of the session that holds the lock

public:
    void setUp() override {
        std::string base = ItEnv::uniqueSlug("mig");
        for (int i = 0; i < kTenants; ++i) {
            char n[4];
            std::snprintf(n, sizeof n, "%02d", i);
            slugs_.push_back(base + "_" + n);
        }
        app_ = "migrate_it_" + ItEnv::uniqueSuffix();
    }

    void tearDown() override {
        try {
            ItAdmin::psql(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
                "application_name = '" +
                app_ + "'");
        } catch (...) {
        }
        for (const auto& s : slugs_) ItEnv::ctl("tenant remove " + s + " --yes");
    }

    static std::string schema(const std::string& slug) { return "tenant_" + slug; }

    // Whether the tenant has the migration recorded and its tables.
    static bool hasMigration(const std::string& slug) {
        std::string out = ItAdmin::psql("SELECT (SELECT count(*) FROM \"" + schema(slug) +
                                        "\".schema_migrations WHERE name = '" + kMigration +
                                        "') || ',' || (to_regclass('\"" + schema(slug) +
                                        "\".oauth_identities') IS NOT NULL)");
        return out.find("1,t") == 0;
    }

    void testKilledHalfWayThenRunAgainFinishes() {
        for (const auto& s : slugs_) {
            ItProcessResult r = ItEnv::ctl("tenant add " + s);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
            ItAdmin::psql(
                "BEGIN; SET LOCAL search_path TO \"" + schema(s) +
                "\"; DROP TABLE oauth_pending_logins; DROP TABLE oauth_states; "
                "DROP TABLE oauth_identities; DELETE FROM schema_migrations WHERE name = '" +
                kMigration + "'; COMMIT;");
            TA_ASSERT("taken back from " + s, !hasMigration(s));
        }

        // Another session locks tenant 6's schema_migrations, so migrate (tenants in
        // slug order, each in its own transaction) stops there with 0..5 done.
        const std::string blocked = schema(slugs_[kBlockedAt]);
        ItProcessResult holder =
            ItEnv::run("PGAPPNAME=" + app_ + " psql -qAt " +
                       ItAdmin::shellQuote(ItEnv::var("TA_DSN")) + " -c " +
                       ItAdmin::shellQuote("BEGIN; LOCK TABLE \"" + blocked +
                                           "\".schema_migrations IN ACCESS EXCLUSIVE MODE; "
                                           "SELECT pg_sleep(120);") +
                       " >/dev/null 2>&1 &");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(holder.describe(), 0, holder.exitCode);
        TA_ASSERT("the lock is held", ItEnv::poll(10, [&] {
                      return ItAdmin::psql(
                                 "SELECT count(*) FROM pg_stat_activity WHERE "
                                 "application_name = '" +
                                 app_ + "' AND wait_event = 'PgSleep'")
                                 .find('1') == 0;
                  }));

        ItProcessResult started =
            ItEnv::run(ItEnv::var("TA_CTL") + " migrate >/dev/null 2>&1 & echo $!");
        pid_t pid = static_cast<pid_t>(std::stol(started.out));
        TA_ASSERT("migrate waits at " + blocked, ItEnv::poll(20, [&] {
                      return ItAdmin::psql(
                                 "SELECT count(*) FROM pg_stat_activity WHERE "
                                 "wait_event_type = 'Lock' AND query LIKE '%" +
                                 blocked + "%'")
                                 .find('1') == 0;
                  }));
        CPPUNIT_ASSERT_EQUAL(0, kill(pid, SIGKILL));
        ItEnv::poll(5, [&] { return !ItEnv::processRunning(pid); });
        ItAdmin::psql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE "
            "application_name = '" +
            app_ + "'");

        for (int i = 0; i < kTenants; ++i)
            TA_ASSERT(
                slugs_[i] + (i < kBlockedAt ? " migrated" : " not migrated") + " by the killed run",
                hasMigration(slugs_[i]) == (i < kBlockedAt));

        ItProcessResult again = ItEnv::ctl("migrate");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(again.describe(), 0, again.exitCode);
        TA_ASSERT("the rest applied: " + again.describe(),
                  again.out.find("applied " + std::to_string(kTenants - kBlockedAt) +
                                 " migration(s)") != std::string::npos);
        for (const auto& s : slugs_) TA_ASSERT(s + " migrated", hasMigration(s));

        // More than a handful of tenants: progress on stderr, ending with all of them.
        std::string total = ItAdmin::psql("SELECT count(*) FROM tenantauth.tenants");
        while (!total.empty() && (total.back() == '\n' || total.back() == ' ')) total.pop_back();
        TA_ASSERT(
            "progress ends with every tenant: " + again.describe(),
            again.err.find("tenants: " + total + "/" + total + " migrated") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MigrateIT);
