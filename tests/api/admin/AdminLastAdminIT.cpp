// The tenant keeps an enabled ADMIN: demoting or disabling the last one is 409, also
// when two admins remove each other at the same moment. On a tenant of its own.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "HttpClient.h"
#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItOwnTenant;
using ta::test::ItUser;

class AdminLastAdminIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AdminLastAdminIT);
    CPPUNIT_TEST(testLastAdminCannotBeRemoved);
    CPPUNIT_TEST(testConcurrentDemotionsKeepAnAdmin);
    CPPUNIT_TEST_SUITE_END();

    static ItOwnTenant& ownTenant() { return ItAdmin::tenantOnce("usr"); }

public:
    void testLastAdminCannotBeRemoved() {
        ItOwnTenant& t = ownTenant();
        const std::string& token = t.admin.accessToken;
        const std::string rule = "The tenant's last admin cannot be removed";
        TA_ASSERT_ERROR(409, rule,
                        ItAdmin::patchUser(t.admin.id, "{\"authority\":\"USER\"}", token, t.host));
        TA_ASSERT_ERROR(
            409, rule,
            ItAdmin::patchUser(t.admin.id, "{\"authority\":\"DEVELOPER\"}", token, t.host));
        TA_ASSERT_ERROR(409, rule,
                        ItAdmin::patchUser(t.admin.id, "{\"disabled\":true}", token, t.host));
        TA_ASSERT_ERROR(
            409, rule,
            ItAdmin::patchUser(t.admin.id, "{\"disabled\":true,\"authority\":\"ADMIN\"}", token,
                               t.host));
        // Setting ADMIN on the admin, or enabling it, is fine.
        TA_ASSERT_STATUS(
            200, ItAdmin::patchUser(t.admin.id, "{\"authority\":\"ADMIN\",\"disabled\":false}",
                                    token, t.host));
        // A disabled second admin does not count.
        ItUser second = ItAdmin::userWith("ADMIN", t.host, token);
        TA_ASSERT_STATUS(200, ItAdmin::patchUser(second.id, "{\"disabled\":true}", token, t.host));
        TA_ASSERT_ERROR(409, rule,
                        ItAdmin::patchUser(t.admin.id, "{\"authority\":\"USER\"}", token, t.host));
        // With an enabled second admin, either can go, but not both.
        TA_ASSERT_STATUS(200, ItAdmin::patchUser(second.id, "{\"disabled\":false}", token, t.host));
        TA_ASSERT_STATUS(
            200, ItAdmin::patchUser(second.id, "{\"authority\":\"DEVELOPER\"}", token, t.host));
        TA_ASSERT_ERROR(409, rule,
                        ItAdmin::patchUser(t.admin.id, "{\"disabled\":true}", token, t.host));
        TA_ASSERT_STATUS(200,
                         ItAdmin::patchUser(second.id, "{\"authority\":\"ADMIN\"}", token, t.host));
        ItUser secondAgain = ItEnv::loginUser(second.email, second.password, t.host);
        TA_ASSERT_STATUS(200, ItAdmin::patchUser(t.admin.id, "{\"authority\":\"USER\"}",
                                                 secondAgain.accessToken, t.host));
        TA_ASSERT_ERROR(409, rule,
                        ItAdmin::patchUser(second.id, "{\"authority\":\"USER\"}",
                                           secondAgain.accessToken, t.host));
        TA_ASSERT_ERROR(
            409, rule,
            ItAdmin::patchUser(second.id, "{\"disabled\":true}", secondAgain.accessToken, t.host));
        // Restore the tenant's own admin for the other tests.
        TA_ASSERT_STATUS(200, ItAdmin::patchUser(t.admin.id, "{\"authority\":\"ADMIN\"}",
                                                 secondAgain.accessToken, t.host));
        t.admin = ItEnv::loginUser(t.admin.email, t.admin.password, t.host);
        TA_ASSERT_STATUS(200, ItAdmin::patchUser(second.id, "{\"authority\":\"USER\"}",
                                                 t.admin.accessToken, t.host));
    }

    void testConcurrentDemotionsKeepAnAdmin() {
        ItOwnTenant& t = ownTenant();
        t.admin = ItEnv::loginUser(t.admin.email, t.admin.password, t.host);
        for (int round = 0; round < 4; ++round) {
            ItUser b = ItAdmin::userWith("ADMIN", t.host, t.admin.accessToken);
            // Each of two admins removes the other at the same moment: one must fail.
            std::vector<HttpResponse> answers(2);
            std::vector<std::string> errors(2);
            auto run = [&](int i, const std::string& token, const std::string& victim,
                           const std::string& body) {
                try {
                    answers[i] = ItAdmin::patchUser(victim, body, token, t.host);
                } catch (const std::exception& e) {
                    errors[i] = e.what();
                }
            };
            std::string body = round % 2 ? "{\"disabled\":true}" : "{\"authority\":\"USER\"}";
            std::thread x(run, 0, t.admin.accessToken, b.id, body);
            std::thread y(run, 1, b.accessToken, t.admin.id, body);
            x.join();
            y.join();
            TA_ASSERT("no transport error: " + errors[0] + errors[1],
                      errors[0].empty() && errors[1].empty());
            int ok = (answers[0].status == 200) + (answers[1].status == 200);
            TA_ASSERT("round " + std::to_string(round) + ": not both removed: " +
                          answers[0].describe() + " / " + answers[1].describe(),
                      ok <= 1);
            for (const auto& a : answers)
                TA_ASSERT("200 or 409 (or 401/403 once demoted): " + a.describe(),
                          a.status == 200 || a.status == 409 || a.status == 401 || a.status == 403);
            // Whoever survived: make the tenant's admin an enabled ADMIN again, then drop b.
            std::string survivor = answers[0].status == 200   ? t.admin.accessToken
                                   : answers[1].status == 200 ? b.accessToken
                                                              : t.admin.accessToken;
            HttpResponse users = ItAdmin::get("/api/admin/users?limit=200", survivor, t.host);
            TA_ASSERT_STATUS(200, users);
            int enabledAdmins = 0;
            auto arr = users.json()->getArray("users");
            for (std::size_t i = 0; i < arr->size(); ++i) {
                auto u = arr->getObject(i);
                if (u->getValue<std::string>("authority") == "ADMIN" &&
                    !u->getValue<bool>("disabled"))
                    ++enabledAdmins;
            }
            TA_ASSERT("an enabled admin remains: " + users.body, enabledAdmins >= 1);
            TA_ASSERT_STATUS(
                200, ItAdmin::patchUser(t.admin.id, "{\"authority\":\"ADMIN\",\"disabled\":false}",
                                        survivor, t.host));
            t.admin = ItEnv::loginUser(t.admin.email, t.admin.password, t.host);
            TA_ASSERT_STATUS(200,
                             ItAdmin::patchUser(b.id, "{\"authority\":\"USER\",\"disabled\":true}",
                                                t.admin.accessToken, t.host));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AdminLastAdminIT);
