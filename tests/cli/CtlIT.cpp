// tenantauthctl as a sysadmin uses it: help, exit codes, one-line errors, and that
// what it creates works over HTTP.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::HttpClient;
using ta::test::ItEnv;
using ta::test::ItProcessResult;

class CtlIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CtlIT);
    CPPUNIT_TEST(testHelpEverywhere);
    CPPUNIT_TEST(testUnknownCommandIsUsageError);
    CPPUNIT_TEST(testBadSlugs);
    CPPUNIT_TEST(testTenantListAndShow);
    CPPUNIT_TEST(testUserAddThenLoginOverHttp);
    CPPUNIT_TEST(testDuplicateUser);
    CPPUNIT_TEST(testPlanSetAndListSeenByTheAdminApi);
    CPPUNIT_TEST(testPlanUsageErrors);
    CPPUNIT_TEST_SUITE_END();

public:
    static void assertOneLineError(const ItProcessResult& r) {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 1, r.exitCode);
        std::string err = r.err;
        while (!err.empty() && err.back() == '\n') err.pop_back();
        TA_ASSERT("one non-empty line on stderr: " + r.describe(),
                  !err.empty() && std::count(err.begin(), err.end(), '\n') == 0);
    }

    void testHelpEverywhere() {
        for (const char* args : {"--help", "migrate --help", "tenant --help", "tenant add --help",
                                 "tenant list --help", "tenant disable --help",
                                 "tenant host add --help", "user add --help"}) {
            ItProcessResult r = ItEnv::ctl(args);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
            TA_ASSERT(std::string("help text for ") + args + ": " + r.describe(),
                      !(r.out + r.err).empty());
        }
        ItProcessResult top = ItEnv::ctl("--help");
        TA_ASSERT("top-level help names the commands: " + top.out,
                  top.out.find("tenant") != std::string::npos &&
                      top.out.find("migrate") != std::string::npos);
    }

    void testUnknownCommandIsUsageError() {
        for (const char* args : {"frobnicate", "tenant frobnicate", "tenant add",
                                 "user add --tenant alpha", "tenant list --no-such-option"}) {
            ItProcessResult r = ItEnv::ctl(args, "");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 2, r.exitCode);
            TA_ASSERT("usage error says something: " + r.describe(), !r.err.empty());
        }
    }

    void testBadSlugs() {
        for (const char* slug : {"Bad-Slug", "a", "1abc", "abc-def", "has space",
                                 "toolong_012345678901234567890123456789012"}) {
            assertOneLineError(ItEnv::ctl(std::string("tenant add '") + slug + "' --host bad" +
                                          ItEnv::uniqueSuffix() + ".test"));
        }
        assertOneLineError(ItEnv::ctl("tenant show no_such_tenant"));
        assertOneLineError(ItEnv::ctl("tenant add alpha"));
    }

    void testTenantListAndShow() {
        ItProcessResult list = ItEnv::ctl("tenant list");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(list.describe(), 0, list.exitCode);
        TA_ASSERT("alpha and beta listed: " + list.out,
                  list.out.find("alpha") != std::string::npos &&
                      list.out.find("beta") != std::string::npos);
        ItProcessResult show = ItEnv::ctl("tenant show alpha");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(show.describe(), 0, show.exitCode);
        TA_ASSERT("alpha's hosts shown: " + show.out,
                  show.out.find("alpha.test") != std::string::npos &&
                      show.out.find("localhost") != std::string::npos);
    }

    void testUserAddThenLoginOverHttp() {
        std::string email = ItEnv::uniqueEmail("ctl");
        std::string password = "Ctl-Password-" + ItEnv::uniqueSuffix();
        ItProcessResult r = ItEnv::ctl(
            "user add --tenant beta --email " + email + " --password-stdin", password + "\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        TA_ASSERT("the password is not echoed: " + r.describe(),
                  (r.out + r.err).find(password) == std::string::npos);
        TA_ASSERT_STATUS(200, ItEnv::login(email, password, "beta.test"));
        TA_ASSERT_ERROR(401, "Invalid email or password",
                        ItEnv::login(email, password, "alpha.test"));

        std::string admin = ItEnv::uniqueEmail("ctladmin");
        r = ItEnv::ctl("user add --tenant alpha --email " + admin + " --username u" +
                           ItEnv::uniqueSuffix() + " --authority ADMIN --password-stdin",
                       password + "\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        auto login = ItEnv::login(admin, password, "alpha.test");
        TA_ASSERT_STATUS(200, login);
    }

    void testDuplicateUser() {
        std::string email = ItEnv::uniqueEmail("dup");
        ItProcessResult r = ItEnv::ctl(
            "user add --tenant alpha --email " + email + " --password-stdin", "Dup-Password-1\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        assertOneLineError(ItEnv::ctl(
            "user add --tenant alpha --email " + email + " --password-stdin", "Dup-Password-1\n"));
        std::string upper = email;
        std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
        assertOneLineError(ItEnv::ctl(
            "user add --tenant alpha --email " + upper + " --password-stdin", "Dup-Password-1\n"));
        assertOneLineError(
            ItEnv::ctl("user add --tenant no_such_tenant --email " + email + " --password-stdin",
                       "Dup-Password-1\n"));
        assertOneLineError(ItEnv::ctl(
            "user add --tenant alpha --email " + ItEnv::uniqueEmail() + " --password-stdin",
            "short\n"));
    }

    void testPlanSetAndListSeenByTheAdminApi() {
        std::string id = "ctl_" + ItEnv::uniqueSuffix();
        ItProcessResult set = ItEnv::ctl("plan set --tenant alpha " + id +
                                         " --name Pro --max-api-keys 7 --requests-per-minute 1200");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(set.describe(), 0, set.exitCode);
        CPPUNIT_ASSERT_MESSAGE(set.describe(), set.out.find("created") != std::string::npos);
        ItProcessResult list = ItEnv::ctl("plan list --tenant alpha");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(list.describe(), 0, list.exitCode);
        CPPUNIT_ASSERT_MESSAGE(
            list.describe(),
            list.out.find(id + "\tPro\tmax-api-keys=7\trequests-per-minute=1200") !=
                std::string::npos);
        CPPUNIT_ASSERT_MESSAGE(list.describe(),
                               list.out.find("free\tFree\tmax-api-keys=5") != std::string::npos);
        // An update keeps what it does not name.
        set = ItEnv::ctl("plan set --tenant alpha " + id + " --requests-per-minute 60");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(set.describe(), 0, set.exitCode);
        CPPUNIT_ASSERT_MESSAGE(set.describe(), set.out.find("updated") != std::string::npos);
        // Visible in the admin API at once, no reload needed.
        HttpClient http;
        std::string admin =
            ItEnv::loginUser("admin@alpha.test", ItEnv::var("TA_ADMIN_PASSWORD")).accessToken;
        auto plans = http.get("/api/admin/plans", ItEnv::auth(admin));
        TA_ASSERT_STATUS(200, plans);
        TA_ASSERT(
            "plan in " + plans.body,
            plans.body.find("{\"id\":\"" + id +
                            "\",\"name\":\"Pro\",\"maxApiKeys\":7,\"requestsPerMinute\":60") !=
                std::string::npos);
    }

    void testPlanUsageErrors() {
        CPPUNIT_ASSERT_EQUAL(2, ItEnv::ctl("plan set alpha_plan").exitCode);  // no --tenant
        CPPUNIT_ASSERT_EQUAL(2, ItEnv::ctl("plan list").exitCode);            // no --tenant
        CPPUNIT_ASSERT_EQUAL(2,
                             ItEnv::ctl("plan set --tenant alpha x --max-api-keys lots").exitCode);
        assertOneLineError(ItEnv::ctl("plan set --tenant alpha new_" + ItEnv::uniqueSuffix() +
                                      " --max-api-keys 1"));
        assertOneLineError(ItEnv::ctl(
            "plan set --tenant alpha 'Bad Id' --max-api-keys 1 --requests-per-minute 1"));
        assertOneLineError(ItEnv::ctl("plan set --tenant alpha free --requests-per-minute 0"));
        assertOneLineError(ItEnv::ctl("plan list --tenant no_such_tenant"));
        ItProcessResult help = ItEnv::ctl("plan --help");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(help.describe(), 0, help.exitCode);
        CPPUNIT_ASSERT_MESSAGE(help.describe(),
                               help.out.find("plan set --tenant SLUG PLAN") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CtlIT);
