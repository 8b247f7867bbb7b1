// GET /api/admin/plans, PUT and DELETE /api/admin/plans/{id} (tenant admins only).
#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <vector>

#include "HttpClient.h"
#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItUser;

class AdminPlansIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AdminPlansIT);
    CPPUNIT_TEST(testListIncludesFreePlan);
    CPPUNIT_TEST(testCreateThenUpdateKeepsAbsentFields);
    CPPUNIT_TEST(testNewPlanNeedsBothLimits);
    CPPUNIT_TEST(testBadPlanIds);
    CPPUNIT_TEST(testLimitRanges);
    CPPUNIT_TEST(testBodyValidation);
    CPPUNIT_TEST(testDelete);
    CPPUNIT_TEST(testPlanInUseCannotBeDeleted);
    CPPUNIT_TEST(testPlanLimitsApplyToApiKeys);
    CPPUNIT_TEST(testNonAdminsAreRefused);
    CPPUNIT_TEST(testPlansBelongToOneTenant);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { admin = ItAdmin::token(); }

    static std::string newId() { return "itp-" + ItEnv::uniqueSuffix(); }

    HttpResponse put(const std::string& id, const std::string& body, const std::string& token = "",
                     const std::string& host = "alpha.test") {
        return ItAdmin::json("PUT", "/api/admin/plans/" + id, body, token.empty() ? admin : token,
                             host);
    }
    HttpResponse del(const std::string& id, const std::string& token = "",
                     const std::string& host = "alpha.test") {
        return ItAdmin::send("DELETE", "/api/admin/plans/" + id, token.empty() ? admin : token,
                             host);
    }
    HttpResponse listPlans(const std::string& token = "", const std::string& host = "alpha.test") {
        return ItAdmin::get("/api/admin/plans", token.empty() ? admin : token, host);
    }

    // The plan `id` from GET /api/admin/plans, null when absent.
    Poco::JSON::Object::Ptr findPlan(const std::string& id, const std::string& token = "",
                                     const std::string& host = "alpha.test") {
        HttpResponse r = listPlans(token, host);
        TA_ASSERT_STATUS(200, r);
        auto plans = r.json()->getArray("plans");
        for (std::size_t i = 0; i < plans->size(); ++i)
            if (plans->getObject(i)->getValue<std::string>("id") == id) return plans->getObject(i);
        return nullptr;
    }

    static void assertPlanShape(const Poco::JSON::Object::Ptr& p, const std::string& context) {
        TA_ASSERT("plan members: " + context,
                  (ItAdmin::names(p) == std::set<std::string>{"id", "name", "maxApiKeys",
                                                              "requestsPerMinute", "createdAt",
                                                              "updatedAt"}));
        TA_ASSERT("timestamps: " + context,
                  ItAdmin::isTimestamp(p->getValue<std::string>("createdAt")) &&
                      ItAdmin::isTimestamp(p->getValue<std::string>("updatedAt")));
    }

    void testListIncludesFreePlan() {
        HttpResponse r = listPlans();
        TA_ASSERT_STATUS(200, r);
        TA_ASSERT("members {plans}: " + r.body,
                  (ItAdmin::names(r.json()) == std::set<std::string>{"plans"}));
        auto plans = r.json()->getArray("plans");
        bool sawFree = false;
        for (std::size_t i = 0; i < plans->size(); ++i) {
            auto p = plans->getObject(i);
            assertPlanShape(p, r.body);
            if (p->getValue<std::string>("id") == "free") {
                sawFree = true;
                CPPUNIT_ASSERT_EQUAL(5, p->getValue<int>("maxApiKeys"));
                CPPUNIT_ASSERT_EQUAL(600, p->getValue<int>("requestsPerMinute"));
            }
        }
        TA_ASSERT("free plan listed: " + r.body, sawFree);
    }

    void testCreateThenUpdateKeepsAbsentFields() {
        std::string id = newId();
        HttpResponse created =
            put(id, "{\"name\":\"Gold\",\"maxApiKeys\":7,\"requestsPerMinute\":1200}");
        TA_ASSERT_STATUS(201, created);
        TA_ASSERT("members {plan}: " + created.body,
                  (ItAdmin::names(created.json()) == std::set<std::string>{"plan"}));
        auto p = created.json()->getObject("plan");
        assertPlanShape(p, created.body);
        CPPUNIT_ASSERT_EQUAL(id, p->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("Gold"), p->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(7, p->getValue<int>("maxApiKeys"));
        CPPUNIT_ASSERT_EQUAL(1200, p->getValue<int>("requestsPerMinute"));
        auto listed = findPlan(id);
        TA_ASSERT("new plan listed", !listed.isNull());
        CPPUNIT_ASSERT_EQUAL(ItAdmin::stringify(p), ItAdmin::stringify(listed));

        HttpResponse updated = put(id, "{\"maxApiKeys\":9}");
        TA_ASSERT_STATUS(200, updated);
        auto u = updated.json()->getObject("plan");
        CPPUNIT_ASSERT_EQUAL(std::string("Gold"), u->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(9, u->getValue<int>("maxApiKeys"));
        CPPUNIT_ASSERT_EQUAL(1200, u->getValue<int>("requestsPerMinute"));
        CPPUNIT_ASSERT_EQUAL(p->getValue<std::string>("createdAt"),
                             u->getValue<std::string>("createdAt"));
        TA_ASSERT("updatedAt moves forward: " + updated.body,
                  u->getValue<std::string>("updatedAt") >= p->getValue<std::string>("updatedAt"));

        HttpResponse renamed = put(id, "{\"name\":\"Gold Plus\",\"requestsPerMinute\":1}");
        TA_ASSERT_STATUS(200, renamed);
        auto n = findPlan(id);
        CPPUNIT_ASSERT_EQUAL(std::string("Gold Plus"), n->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(9, n->getValue<int>("maxApiKeys"));
        CPPUNIT_ASSERT_EQUAL(1, n->getValue<int>("requestsPerMinute"));

        // An empty update changes nothing.
        HttpResponse empty = put(id, "{}");
        TA_ASSERT_STATUS(200, empty);
        auto e = findPlan(id);
        CPPUNIT_ASSERT_EQUAL(std::string("Gold Plus"), e->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(9, e->getValue<int>("maxApiKeys"));
        TA_ASSERT_STATUS(200, del(id));
    }

    void testNewPlanNeedsBothLimits() {
        std::string id = newId();
        TA_ASSERT_ERROR(400, "requestsPerMinute is required for a new plan",
                        put(id, "{\"name\":\"Half\",\"maxApiKeys\":3}"));
        TA_ASSERT_ERROR(400, "maxApiKeys is required for a new plan",
                        put(id, "{\"name\":\"Half\",\"requestsPerMinute\":3}"));
        HttpResponse none = put(id, "{\"name\":\"Nothing\"}");
        TA_ASSERT_STATUS(400, none);
        TA_ASSERT("names a limit: " + none.describe(),
                  none.errorMessage().find("is required for a new plan") != std::string::npos);
        TA_ASSERT("no plan made by refused PUTs", findPlan(id).isNull());
        // Both limits and no name is enough.
        HttpResponse ok = put(id, "{\"maxApiKeys\":0,\"requestsPerMinute\":1000000000}");
        TA_ASSERT_STATUS(201, ok);
        TA_ASSERT_STATUS(200, del(id));
    }

    void testBadPlanIds() {
        const std::string body = "{\"name\":\"x\",\"maxApiKeys\":1,\"requestsPerMinute\":1}";
        for (const std::string& raw : std::vector<std::string>{
                 std::string("Bad Id"), std::string("x'--"), std::string("Upper"),
                 std::string("-leading"), std::string("_leading"), std::string("a.b"),
                 std::string("free'; DROP TABLE plans;--"), std::string("a") + std::string(40, 'b'),
                 std::string("caf\xc3\xa9"), std::string("a\"b")}) {
            HttpResponse r = put(ItAdmin::urlEncode(raw), body);
            TA_ASSERT_STATUS(400, r);
            TA_ASSERT("JSON error for id " + raw + ": " + r.describe(), !r.errorMessage().empty());
        }
        // Forty characters, digits first, '-' and '_' inside are fine.
        std::string sfx = ItEnv::uniqueSuffix();
        std::string longest = "9_" + sfx + "-" + std::string(40 - 3 - sfx.size(), 'z');
        CPPUNIT_ASSERT_EQUAL(std::size_t(40), longest.size());
        TA_ASSERT_STATUS(201, put(longest, body));
        TA_ASSERT_STATUS(200, del(longest));
        TA_ASSERT_STATUS(200, listPlans());
    }

    void testLimitRanges() {
        std::string id = newId();
        TA_ASSERT_STATUS(201,
                         put(id, "{\"name\":\"Range\",\"maxApiKeys\":2,\"requestsPerMinute\":60}"));
        const std::string keysRule = "maxApiKeys must be an integer from 0 to 1000";
        const std::string rpmRule = "requestsPerMinute must be an integer from 1 to 1000000000";
        std::string wrong;
        for (const std::string& v : std::vector<std::string>{"-1", "\"5\"", "1001", "1.5", "true",
                                                             "false", "[]", "{}", "4294967296"}) {
            wrong += ItAdmin::mismatch("PUT existing {maxApiKeys:" + v + "}", 400, keysRule,
                                       put(id, "{\"maxApiKeys\":" + v + "}"));
            wrong += ItAdmin::mismatch(
                "PUT new {maxApiKeys:" + v + ",requestsPerMinute:5}", 400, keysRule,
                put(newId(), "{\"maxApiKeys\":" + v + ",\"requestsPerMinute\":5}"));
        }
        for (const std::string& v : std::vector<std::string>{
                 "0", "-5", "1000000001", "\"60\"", "2.5", "false", "true", "4294967297"}) {
            wrong += ItAdmin::mismatch("PUT existing {requestsPerMinute:" + v + "}", 400, rpmRule,
                                       put(id, "{\"requestsPerMinute\":" + v + "}"));
        }
        // A number too large for any integer type is still a 400, not a 500.
        wrong += ItAdmin::mismatch("PUT existing {maxApiKeys:99999999999999999999}", 400, "",
                                   put(id, "{\"maxApiKeys\":99999999999999999999}"));
        TA_ASSERT("out-of-range or mistyped limits accepted:" + wrong, wrong.empty());
        TA_ASSERT_STATUS(200,
                         put(id, "{\"name\":\"Range\",\"maxApiKeys\":2,\"requestsPerMinute\":60}"));
        // No partial write: a good field next to a bad one is not applied.
        TA_ASSERT_ERROR(400, rpmRule,
                        put(id, "{\"name\":\"Changed\",\"maxApiKeys\":3,\"requestsPerMinute\":0}"));
        auto p = findPlan(id);
        CPPUNIT_ASSERT_EQUAL(std::string("Range"), p->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(2, p->getValue<int>("maxApiKeys"));
        CPPUNIT_ASSERT_EQUAL(60, p->getValue<int>("requestsPerMinute"));
        // The bounds themselves are accepted.
        TA_ASSERT_STATUS(200, put(id, "{\"maxApiKeys\":0,\"requestsPerMinute\":1}"));
        TA_ASSERT_STATUS(200, put(id, "{\"maxApiKeys\":1000,\"requestsPerMinute\":1000000000}"));
        p = findPlan(id);
        CPPUNIT_ASSERT_EQUAL(1000, p->getValue<int>("maxApiKeys"));
        CPPUNIT_ASSERT_EQUAL(1000000000, p->getValue<int>("requestsPerMinute"));
        TA_ASSERT_STATUS(200, del(id));
    }

    void testBodyValidation() {
        std::string id = newId();
        TA_ASSERT_STATUS(201,
                         put(id, "{\"name\":\"Body\",\"maxApiKeys\":2,\"requestsPerMinute\":60}"));
        TA_ASSERT_ERROR(400, "price is not a known field", put(id, "{\"price\":5}"));
        TA_ASSERT_ERROR(400, "id is not a known field", put(id, "{\"id\":\"free\"}"));
        TA_ASSERT_ERROR(400, "Request body must be a JSON object", put(id, "[]"));
        TA_ASSERT_ERROR(400, "Request body must be a JSON object", put(id, "5"));
        TA_ASSERT_STATUS(400, put(id, "{\"maxApiKeys\":"));
        TA_ASSERT_STATUS(400, put(id, ""));
        for (const std::string& v : std::vector<std::string>{"5", "[]", "{}", "true"}) {
            HttpResponse r = put(id, "{\"name\":" + v + "}");
            TA_ASSERT_STATUS(400, r);
            TA_ASSERT("error names the field: " + r.describe(),
                      r.errorMessage().find("name") != std::string::npos);
        }
        HttpResponse wrongType = HttpClient().send(
            "PUT", "/api/admin/plans/" + id,
            {{"Authorization", ItEnv::bearer(admin)}, {"Content-Type", "text/plain"}},
            "{\"maxApiKeys\":3}");
        TA_ASSERT_STATUS(415, wrongType);
        HttpResponse form =
            HttpClient().send("PUT", "/api/admin/plans/" + id,
                              {{"Authorization", ItEnv::bearer(admin)},
                               {"Content-Type", "application/x-www-form-urlencoded"}},
                              "maxApiKeys=3");
        TA_ASSERT_STATUS(415, form);
        TA_ASSERT_STATUS(413,
                         put(id, "{\"name\":" + ItEnv::quote(std::string(70 * 1024, 'n')) + "}"));
        HttpResponse nul = put(id, "{\"name\":\"a\\u0000b\"}");
        TA_ASSERT("NUL in a name is a 400: " + nul.describe(), nul.status == 400);
        auto p = findPlan(id);
        CPPUNIT_ASSERT_EQUAL(std::string("Body"), p->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(2, p->getValue<int>("maxApiKeys"));
        TA_ASSERT_STATUS(200, del(id));
    }

    void testDelete() {
        std::string id = newId();
        TA_ASSERT_STATUS(201,
                         put(id, "{\"name\":\"Gone\",\"maxApiKeys\":1,\"requestsPerMinute\":1}"));
        HttpResponse r = del(id);
        TA_ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, std::string("Plan deleted"), r.jsonString("message"));
        TA_ASSERT("deleted plan not listed", findPlan(id).isNull());
        TA_ASSERT_ERROR(404, "Plan not found", del(id));
        TA_ASSERT_ERROR(404, "Plan not found", del("no-such-plan-" + ItEnv::uniqueSuffix()));
        TA_ASSERT_ERROR(409, "The free plan cannot be deleted", del("free"));
        TA_ASSERT("free plan still there", !findPlan("free").isNull());
        for (const std::string& raw :
             std::vector<std::string>{std::string("x'--"), std::string("' OR '1'='1"),
                                      std::string("FREE"), std::string(300, 'p')}) {
            HttpResponse bad = del(ItAdmin::urlEncode(raw));
            TA_ASSERT("DELETE " + raw + " is 400 or 404: " + bad.describe(),
                      bad.status == 400 || bad.status == 404);
        }
        TA_ASSERT("free plan still there", !findPlan("free").isNull());
        // The same id can be created afresh after a delete.
        TA_ASSERT_STATUS(201, put(id, "{\"maxApiKeys\":1,\"requestsPerMinute\":1}"));
        TA_ASSERT_STATUS(200, del(id));
    }

    void testPlanInUseCannotBeDeleted() {
        std::string id = newId();
        TA_ASSERT_STATUS(201,
                         put(id, "{\"name\":\"Busy\",\"maxApiKeys\":3,\"requestsPerMinute\":60}"));
        ItUser u = ItEnv::registerUser();
        TA_ASSERT_STATUS(200,
                         ItAdmin::patchUser(u.id, "{\"plan_id\":" + ItEnv::quote(id) + "}", admin));
        TA_ASSERT_ERROR(409, "Plan is in use by one or more users", del(id));
        TA_ASSERT("plan kept", !findPlan(id).isNull());
        // A disabled user still holds the plan.
        TA_ASSERT_STATUS(200, ItAdmin::patchUser(u.id, "{\"disabled\":true}", admin));
        TA_ASSERT_ERROR(409, "Plan is in use by one or more users", del(id));
        TA_ASSERT_STATUS(200, ItAdmin::patchUser(u.id, "{\"plan_id\":\"free\"}", admin));
        TA_ASSERT_STATUS(200, del(id));
    }

    void testPlanLimitsApplyToApiKeys() {
        std::string id = newId();
        TA_ASSERT_STATUS(201,
                         put(id, "{\"name\":\"One\",\"maxApiKeys\":1,\"requestsPerMinute\":600}"));
        ItUser u = ItEnv::registerUser();
        TA_ASSERT_STATUS(200,
                         ItAdmin::patchUser(u.id, "{\"plan_id\":" + ItEnv::quote(id) + "}", admin));
        HttpClient http;
        auto createKey = [&](const std::string& name) {
            return http.postJson("/api/api-keys", "{\"name\":" + ItEnv::quote(name) + "}",
                                 ItEnv::auth(u.accessToken));
        };
        TA_ASSERT_STATUS(201, createKey("one"));
        TA_ASSERT_ERROR(403, "You have reached the maximum number of API keys (1) for your plan",
                        createKey("two"));
        // Raising the plan's cap takes effect for its users.
        TA_ASSERT_STATUS(200, put(id, "{\"maxApiKeys\":2}"));
        TA_ASSERT_STATUS(201, createKey("two"));
        TA_ASSERT_ERROR(403, "You have reached the maximum number of API keys (2) for your plan",
                        createKey("three"));
        // A cap of 0 allows none.
        TA_ASSERT_STATUS(200, put(id, "{\"maxApiKeys\":0}"));
        TA_ASSERT_ERROR(403, "You have reached the maximum number of API keys (0) for your plan",
                        createKey("four"));
        TA_ASSERT_STATUS(200, ItAdmin::patchUser(u.id, "{\"plan_id\":\"free\"}", admin));
        TA_ASSERT_STATUS(201, createKey("five"));
        TA_ASSERT_STATUS(200, del(id));
    }

    void testNonAdminsAreRefused() {
        std::string id = newId();
        const std::string body = "{\"name\":\"x\",\"maxApiKeys\":1000,\"requestsPerMinute\":1}";
        for (const char* authority : {"USER", "DEVELOPER"}) {
            ItUser u = ItAdmin::userWith(authority);
            TA_ASSERT_ERROR(403, "Admin privileges required", listPlans(u.accessToken));
            TA_ASSERT_ERROR(403, "Admin privileges required", put(id, body, u.accessToken));
            TA_ASSERT_ERROR(403, "Admin privileges required",
                            put("free", "{\"maxApiKeys\":1000}", u.accessToken));
            TA_ASSERT_ERROR(403, "Admin privileges required", del("free", u.accessToken));
        }
        HttpClient http;
        TA_ASSERT_ERROR(401, "Unauthorized", http.get("/api/admin/plans"));
        TA_ASSERT_ERROR(401, "Unauthorized",
                        ItAdmin::json("PUT", "/api/admin/plans/" + id, body, ""));
        TA_ASSERT_ERROR(401, "Unauthorized", ItAdmin::send("DELETE", "/api/admin/plans/" + id, ""));
        TA_ASSERT_ERROR(401, "Unauthorized", listPlans("not.a.jwt"));
        // The admin of beta is nobody at alpha.
        std::string beta = ItAdmin::token("beta.test");
        TA_ASSERT_ERROR(401, "Unauthorized", listPlans(beta, "alpha.test"));
        TA_ASSERT_ERROR(401, "Unauthorized", put(id, body, beta, "alpha.test"));
        TA_ASSERT_ERROR(401, "Unauthorized", del("free", beta, "alpha.test"));
        TA_ASSERT("no plan made by refused PUTs", findPlan(id).isNull());
        CPPUNIT_ASSERT_EQUAL(5, findPlan("free")->getValue<int>("maxApiKeys"));
    }

    void testPlansBelongToOneTenant() {
        std::string id = newId();
        TA_ASSERT_STATUS(
            201, put(id, "{\"name\":\"Alpha only\",\"maxApiKeys\":4,\"requestsPerMinute\":60}"));
        std::string beta = ItAdmin::token("beta.test");
        TA_ASSERT("beta does not list alpha's plan", findPlan(id, beta, "beta.test").isNull());
        TA_ASSERT_ERROR(404, "Plan not found", del(id, beta, "beta.test"));
        TA_ASSERT("alpha's plan survives beta's delete", !findPlan(id).isNull());
        // The same id at beta is a new plan there, independent of alpha's.
        TA_ASSERT_STATUS(
            201, put(id, "{\"name\":\"Beta copy\",\"maxApiKeys\":1,\"requestsPerMinute\":1}", beta,
                     "beta.test"));
        CPPUNIT_ASSERT_EQUAL(std::string("Alpha only"),
                             findPlan(id)->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(4, findPlan(id)->getValue<int>("maxApiKeys"));
        // An alpha user cannot be put on a plan that exists only at beta.
        std::string betaOnly = newId();
        TA_ASSERT_STATUS(
            201, put(betaOnly, "{\"maxApiKeys\":1,\"requestsPerMinute\":1}", beta, "beta.test"));
        ItUser u = ItEnv::registerUser();
        TA_ASSERT_ERROR(
            400, "plan_id names no plan of this tenant",
            ItAdmin::patchUser(u.id, "{\"plan_id\":" + ItEnv::quote(betaOnly) + "}", admin));
        TA_ASSERT_STATUS(200, del(id, beta, "beta.test"));
        TA_ASSERT_STATUS(200, del(betaOnly, beta, "beta.test"));
        TA_ASSERT("alpha's plan survives", !findPlan(id).isNull());
        TA_ASSERT_STATUS(200, del(id));
    }

private:
    std::string admin;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AdminPlansIT);
