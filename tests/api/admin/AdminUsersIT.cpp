// GET /api/admin/users and PATCH /api/admin/users/{id} (tenant admins only).
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

class AdminUsersIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AdminUsersIT);
    CPPUNIT_TEST(testListShapeAndDefaults);
    CPPUNIT_TEST(testListShowsNewUser);
    CPPUNIT_TEST(testPagingParameters);
    CPPUNIT_TEST(testPagesAreConsistent);
    CPPUNIT_TEST(testPatchAuthority);
    CPPUNIT_TEST(testPatchPlanIsVisibleAtOnce);
    CPPUNIT_TEST(testPatchValidation);
    CPPUNIT_TEST(testUnknownOrForeignUserIs404);
    CPPUNIT_TEST(testDisableRevokesSessionsAndKeys);
    CPPUNIT_TEST(testNonAdminsAreRefused);
    CPPUNIT_TEST(testListShowsOnlyOwnTenant);
    CPPUNIT_TEST_SUITE_END();

    // One tenant of this suite's own (per process), for changes to its admins.
    static ItOwnTenant& ownTenant() { return ItAdmin::tenantOnce("usr"); }

public:
    void setUp() override { admin = ItAdmin::token(); }

    HttpResponse listUsers(const std::string& query = "", const std::string& token = "",
                           const std::string& host = "alpha.test") {
        return ItAdmin::get("/api/admin/users" + query, token.empty() ? admin : token, host);
    }

    // The admin view of `id`, paging through the whole list; null when absent.
    Poco::JSON::Object::Ptr findUser(const std::string& id, const std::string& token = "",
                                     const std::string& host = "alpha.test") {
        for (long offset = 0;; offset += 200) {
            HttpResponse r = listUsers("?limit=200&offset=" + std::to_string(offset), token, host);
            TA_ASSERT_STATUS(200, r);
            auto users = r.json()->getArray("users");
            for (std::size_t i = 0; i < users->size(); ++i)
                if (users->getObject(i)->getValue<std::string>("id") == id)
                    return users->getObject(i);
            if (users->size() < 200) return nullptr;
        }
    }

    static void assertUserShape(const Poco::JSON::Object::Ptr& u, const std::string& context) {
        TA_ASSERT("admin user members: " + context,
                  (ItAdmin::names(u) ==
                   std::set<std::string>{"id", "email", "username", "full_name", "avatar_url",
                                         "email_verified", "authority", "plan_id", "disabled",
                                         "twofa_enabled", "created_at", "updated_at"}));
    }

    void testListShapeAndDefaults() {
        HttpResponse r = listUsers();
        TA_ASSERT_STATUS(200, r);
        auto o = r.json();
        TA_ASSERT(
            "members {users,total,limit,offset}: " + r.body,
            (ItAdmin::names(o) == std::set<std::string>{"users", "total", "limit", "offset"}));
        CPPUNIT_ASSERT_EQUAL(50, o->getValue<int>("limit"));
        CPPUNIT_ASSERT_EQUAL(0, o->getValue<int>("offset"));
        auto users = o->getArray("users");
        long total = o->getValue<long>("total");
        TA_ASSERT("at most 50 users: " + r.describe(), users->size() <= 50);
        TA_ASSERT("total covers the page: " + r.describe(),
                  total >= static_cast<long>(users->size()));
        TA_ASSERT("the seeded admin exists, so the list is not empty", users->size() >= 1);
        for (std::size_t i = 0; i < users->size(); ++i)
            assertUserShape(users->getObject(i), r.describe());
        for (const char* secret :
             {"$2b$", "$2a$", "$2y$", "password", "hash", "totp_secret", "secret"})
            TA_ASSERT(std::string("no ") + secret + " in the list: " + r.describe(),
                      r.body.find(secret) == std::string::npos);
    }

    void testListShowsNewUser() {
        ItUser u = ItEnv::registerUser();
        auto v = findUser(u.id);
        TA_ASSERT("registered user listed", !v.isNull());
        assertUserShape(v, ItAdmin::stringify(v));
        CPPUNIT_ASSERT_EQUAL(u.email, v->getValue<std::string>("email"));
        CPPUNIT_ASSERT_EQUAL(std::string("USER"), v->getValue<std::string>("authority"));
        CPPUNIT_ASSERT_EQUAL(std::string("free"), v->getValue<std::string>("plan_id"));
        CPPUNIT_ASSERT_EQUAL(false, v->getValue<bool>("disabled"));
        CPPUNIT_ASSERT_EQUAL(false, v->getValue<bool>("twofa_enabled"));
        CPPUNIT_ASSERT_EQUAL(false, v->getValue<bool>("email_verified"));
        TA_ASSERT("timestamps", ItAdmin::isTimestamp(v->getValue<std::string>("created_at")) &&
                                    ItAdmin::isTimestamp(v->getValue<std::string>("updated_at")));
        auto registered = u.response.json()->getObject("user");
        CPPUNIT_ASSERT_EQUAL(registered->getValue<std::string>("created_at"),
                             v->getValue<std::string>("created_at"));
        // The seeded admin is an enabled ADMIN with its username.
        auto seeded = findUser(ItAdmin::seededId());
        TA_ASSERT("seeded admin listed", !seeded.isNull());
        CPPUNIT_ASSERT_EQUAL(std::string("ADMIN"), seeded->getValue<std::string>("authority"));
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), seeded->getValue<std::string>("username"));
    }

    void testPagingParameters() {
        HttpResponse one = listUsers("?limit=1");
        TA_ASSERT_STATUS(200, one);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(one.body, std::size_t(1),
                                     one.json()->getArray("users")->size());
        CPPUNIT_ASSERT_EQUAL(1, one.json()->getValue<int>("limit"));
        HttpResponse max = listUsers("?limit=200&offset=0");
        TA_ASSERT_STATUS(200, max);
        CPPUNIT_ASSERT_EQUAL(200, max.json()->getValue<int>("limit"));
        const std::string limitRule = "limit must be an integer from 1 to 200";
        for (const std::string& q :
             std::vector<std::string>{"0", "201", "-1", "abc", "1.5", "99999999999999999999", "1e2",
                                      "%2050", "10%27%20OR%201%3D1", "0x10", "+5", "1,2"}) {
            TA_ASSERT_ERROR(400, limitRule, listUsers("?limit=" + q));
        }
        const std::string offsetRule = "offset must be an integer from 0 to 100000000";
        for (const std::string& q : std::vector<std::string>{
                 "-1", "x", "100000001", "99999999999999999999", "1.0", "%27"}) {
            TA_ASSERT_ERROR(400, offsetRule, listUsers("?offset=" + q));
        }
        HttpResponse far = listUsers("?offset=100000000");
        TA_ASSERT_STATUS(200, far);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(far.body, std::size_t(0),
                                     far.json()->getArray("users")->size());
        CPPUNIT_ASSERT_EQUAL(100000000, far.json()->getValue<int>("offset"));
        TA_ASSERT("total still counted past the end: " + far.body,
                  far.json()->getValue<long>("total") >= 1);
    }

    void testPagesAreConsistent() {
        ItEnv::registerUser();
        ItEnv::registerUser();
        ItEnv::registerUser();
        HttpResponse three = listUsers("?limit=3&offset=0");
        HttpResponse third = listUsers("?limit=1&offset=2");
        HttpResponse second = listUsers("?limit=2&offset=1");
        TA_ASSERT_STATUS(200, three);
        auto a = three.json()->getArray("users");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(three.body, std::size_t(3), a->size());
        CPPUNIT_ASSERT_EQUAL(
            a->getObject(2)->getValue<std::string>("id"),
            third.json()->getArray("users")->getObject(0)->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(
            a->getObject(1)->getValue<std::string>("id"),
            second.json()->getArray("users")->getObject(0)->getValue<std::string>("id"));
        std::set<std::string> ids;
        for (std::size_t i = 0; i < a->size(); ++i)
            ids.insert(a->getObject(i)->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), ids.size());
        CPPUNIT_ASSERT_EQUAL(three.json()->getValue<long>("total"),
                             third.json()->getValue<long>("total"));
    }

    void testPatchAuthority() {
        ItUser u = ItEnv::registerUser();
        for (const char* authority : {"DEVELOPER", "ADMIN", "USER"}) {
            HttpResponse r = ItAdmin::patchUser(
                u.id, std::string("{\"authority\":\"") + authority + "\"}", admin);
            TA_ASSERT_STATUS(200, r);
            TA_ASSERT("members {user}: " + r.body,
                      (ItAdmin::names(r.json()) == std::set<std::string>{"user"}));
            auto v = r.json()->getObject("user");
            assertUserShape(v, r.body);
            CPPUNIT_ASSERT_EQUAL(u.id, v->getValue<std::string>("id"));
            CPPUNIT_ASSERT_EQUAL(std::string(authority), v->getValue<std::string>("authority"));
            CPPUNIT_ASSERT_EQUAL(std::string(authority),
                                 findUser(u.id)->getValue<std::string>("authority"));
            ItUser again = ItEnv::loginUser(u.email, u.password);
            HttpResponse who =
                HttpClient().get("/api/v1/users/whoami", ItEnv::auth(again.accessToken));
            TA_ASSERT_STATUS(200, who);
            CPPUNIT_ASSERT_EQUAL(std::string(authority), who.jsonString("authority"));
        }
        // The promoted-then-demoted user is not an admin any more.
        ItUser last = ItEnv::loginUser(u.email, u.password);
        TA_ASSERT_ERROR(403, "Admin privileges required", listUsers("", last.accessToken));
    }

    void testPatchPlanIsVisibleAtOnce() {
        std::string plan = "itu-" + ItEnv::uniqueSuffix();
        TA_ASSERT_STATUS(
            201, ItAdmin::json("PUT", "/api/admin/plans/" + plan,
                               "{\"name\":\"Users IT\",\"maxApiKeys\":1,\"requestsPerMinute\":600}",
                               admin));
        ItUser u = ItEnv::registerUser();
        HttpResponse r =
            ItAdmin::patchUser(u.id, "{\"plan_id\":" + ItEnv::quote(plan) + "}", admin);
        TA_ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(plan, r.json()->getObject("user")->getValue<std::string>("plan_id"));
        // The user's existing access token sees the new plan at once, on every worker.
        for (int i = 0; i < 6; ++i) {
            HttpResponse me = HttpClient().get("/api/users/me", ItEnv::auth(u.accessToken));
            TA_ASSERT_STATUS(200, me);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                me.body, plan, me.json()->getObject("user")->getValue<std::string>("plan_id"));
        }
        HttpClient http;
        TA_ASSERT_STATUS(
            201, http.postJson("/api/api-keys", "{\"name\":\"a\"}", ItEnv::auth(u.accessToken)));
        TA_ASSERT_ERROR(
            403, "You have reached the maximum number of API keys (1) for your plan",
            http.postJson("/api/api-keys", "{\"name\":\"b\"}", ItEnv::auth(u.accessToken)));
        // Several fields at once.
        HttpResponse both = ItAdmin::patchUser(
            u.id, "{\"plan_id\":\"free\",\"authority\":\"DEVELOPER\",\"disabled\":false}", admin);
        TA_ASSERT_STATUS(200, both);
        auto v = both.json()->getObject("user");
        CPPUNIT_ASSERT_EQUAL(std::string("free"), v->getValue<std::string>("plan_id"));
        CPPUNIT_ASSERT_EQUAL(std::string("DEVELOPER"), v->getValue<std::string>("authority"));
        TA_ASSERT_STATUS(
            201, http.postJson("/api/api-keys", "{\"name\":\"b\"}", ItEnv::auth(u.accessToken)));
        TA_ASSERT_STATUS(200, ItAdmin::send("DELETE", "/api/admin/plans/" + plan, admin));
    }

    void testPatchValidation() {
        ItUser u = ItEnv::registerUser();
        const std::string authorityRule = "authority must be USER, DEVELOPER or ADMIN";
        for (const std::string& a :
             std::vector<std::string>{"ROOT", "admin", "ADMIN ", "", "SUPERADMIN", "USER'--"})
            TA_ASSERT_ERROR(
                400, authorityRule,
                ItAdmin::patchUser(u.id, "{\"authority\":" + ItEnv::quote(a) + "}", admin));
        for (const std::string& v : std::vector<std::string>{"5", "[\"ADMIN\"]", "true", "{}"}) {
            HttpResponse r = ItAdmin::patchUser(u.id, "{\"authority\":" + v + "}", admin);
            TA_ASSERT_STATUS(400, r);
            TA_ASSERT("names authority: " + r.describe(),
                      r.errorMessage().find("authority") != std::string::npos);
        }
        const std::string planRule = "plan_id names no plan of this tenant";
        for (const std::string& p :
             std::vector<std::string>{"nope-" + ItEnv::uniqueSuffix(), std::string("FREE"),
                                      std::string("free' OR '1'='1"), std::string("")})
            TA_ASSERT_ERROR(
                400, planRule,
                ItAdmin::patchUser(u.id, "{\"plan_id\":" + ItEnv::quote(p) + "}", admin));
        HttpResponse planType = ItAdmin::patchUser(u.id, "{\"plan_id\":5}", admin);
        TA_ASSERT_STATUS(400, planType);
        TA_ASSERT("names plan_id: " + planType.describe(),
                  planType.errorMessage().find("plan_id") != std::string::npos);
        const std::string disabledRule = "disabled must be true or false";
        for (const std::string& d : std::vector<std::string>{"\"yes\"", "\"true\"", "1", "0", "[]"})
            TA_ASSERT_ERROR(400, disabledRule,
                            ItAdmin::patchUser(u.id, "{\"disabled\":" + d + "}", admin));
        TA_ASSERT_ERROR(400, "email is not a known field",
                        ItAdmin::patchUser(u.id, "{\"email\":\"x@example.test\"}", admin));
        TA_ASSERT_ERROR(400, "password is not a known field",
                        ItAdmin::patchUser(u.id, "{\"password\":\"Other-Pass-99\"}", admin));
        TA_ASSERT_ERROR(400, "id is not a known field",
                        ItAdmin::patchUser(u.id, "{\"id\":\"x\"}", admin));
        TA_ASSERT_ERROR(400, "Request body must be a JSON object",
                        ItAdmin::patchUser(u.id, "[]", admin));
        TA_ASSERT_ERROR(400, "Request body must be a JSON object",
                        ItAdmin::patchUser(u.id, "\"ADMIN\"", admin));
        TA_ASSERT_STATUS(400, ItAdmin::patchUser(u.id, "{\"authority\":", admin));
        HttpResponse wrongType = HttpClient().send(
            "PATCH", "/api/admin/users/" + u.id,
            {{"Authorization", ItEnv::bearer(admin)}, {"Content-Type", "text/plain"}},
            "{\"authority\":\"ADMIN\"}");
        TA_ASSERT_STATUS(415, wrongType);
        HttpResponse nul = ItAdmin::patchUser(u.id, "{\"plan_id\":\"free\\u0000\"}", admin);
        TA_ASSERT("NUL in plan_id is a 400: " + nul.describe(), nul.status == 400);
        TA_ASSERT_STATUS(
            413,
            ItAdmin::patchUser(
                u.id, "{\"authority\":" + ItEnv::quote(std::string(70 * 1024, 'A')) + "}", admin));
        // No partial write: a good field next to a bad one is not applied.
        TA_ASSERT_ERROR(
            400, planRule,
            ItAdmin::patchUser(u.id, "{\"authority\":\"ADMIN\",\"plan_id\":\"nope\"}", admin));
        TA_ASSERT_ERROR(
            400, disabledRule,
            ItAdmin::patchUser(u.id, "{\"authority\":\"ADMIN\",\"disabled\":\"yes\"}", admin));
        auto v = findUser(u.id);
        CPPUNIT_ASSERT_EQUAL(std::string("USER"), v->getValue<std::string>("authority"));
        CPPUNIT_ASSERT_EQUAL(std::string("free"), v->getValue<std::string>("plan_id"));
        CPPUNIT_ASSERT_EQUAL(false, v->getValue<bool>("disabled"));
        // An empty patch is a no-op.
        HttpResponse empty = ItAdmin::patchUser(u.id, "{}", admin);
        TA_ASSERT_STATUS(200, empty);
        CPPUNIT_ASSERT_EQUAL(std::string("USER"),
                             empty.json()->getObject("user")->getValue<std::string>("authority"));
    }

    void testUnknownOrForeignUserIs404() {
        ItUser beta = ItEnv::registerUser("beta.test");
        for (const std::string& id : std::vector<std::string>{
                 std::string("00000000-0000-0000-0000-000000000000"), std::string("not-a-uuid"),
                 std::string("1' OR '1'='1"), std::string("' OR 1=1--"), beta.id,
                 std::string(500, 'a'), std::string("%"), std::string("12345")}) {
            TA_ASSERT_ERROR(404, "User not found",
                            ItAdmin::patchUser(id, "{\"authority\":\"ADMIN\"}", admin));
        }
        // The beta user is untouched.
        std::string betaAdmin = ItAdmin::token("beta.test");
        auto v = findUser(beta.id, betaAdmin, "beta.test");
        TA_ASSERT("beta user listed at beta", !v.isNull());
        CPPUNIT_ASSERT_EQUAL(std::string("USER"), v->getValue<std::string>("authority"));
        TA_ASSERT("beta user not listed at alpha", findUser(beta.id).isNull());
        // Nor can beta's admin change an alpha user.
        ItUser alpha = ItEnv::registerUser();
        TA_ASSERT_ERROR(
            404, "User not found",
            ItAdmin::patchUser(alpha.id, "{\"authority\":\"ADMIN\"}", betaAdmin, "beta.test"));
        CPPUNIT_ASSERT_EQUAL(std::string("USER"),
                             findUser(alpha.id)->getValue<std::string>("authority"));
    }

    void testDisableRevokesSessionsAndKeys() {
        ItUser u = ItEnv::registerUser();
        HttpClient http;
        HttpResponse key =
            http.postJson("/api/api-keys", "{\"name\":\"k\"}", ItEnv::auth(u.accessToken));
        TA_ASSERT_STATUS(201, key);
        std::string secret = key.jsonString("apiKey");
        ItUser second = ItEnv::loginUser(u.email, u.password);  // a second session
        HttpResponse r = ItAdmin::patchUser(u.id, "{\"disabled\":true}", admin);
        TA_ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(true, r.json()->getObject("user")->getValue<bool>("disabled"));
        CPPUNIT_ASSERT_EQUAL(true, findUser(u.id)->getValue<bool>("disabled"));
        for (int i = 0; i < 6; ++i)
            TA_ASSERT_ERROR(401, "Unauthorized", http.get("/api/users/me", ItEnv::auth(secret)));
        TA_ASSERT_STATUS(
            401, http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(u.refreshToken)));
        TA_ASSERT_STATUS(
            401, http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(second.refreshToken)));
        TA_ASSERT_STATUS(401, ItEnv::login(u.email, u.password));
        TA_ASSERT_STATUS(401, http.postJson("/api/v1/users/signIn",
                                            "{\"username\":" + ItEnv::quote(u.email) +
                                                ",\"password\":" + ItEnv::quote(u.password) + "}"));
        // Enabled again: logging in works, but the old sessions and key stay revoked.
        HttpResponse on = ItAdmin::patchUser(u.id, "{\"disabled\":false}", admin);
        TA_ASSERT_STATUS(200, on);
        CPPUNIT_ASSERT_EQUAL(false, on.json()->getObject("user")->getValue<bool>("disabled"));
        TA_ASSERT_STATUS(200, ItEnv::login(u.email, u.password));
        TA_ASSERT_STATUS(
            401, http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(second.refreshToken)));
        TA_ASSERT_ERROR(401, "Unauthorized", http.get("/api/users/me", ItEnv::auth(secret)));
    }

    void testNonAdminsAreRefused() {
        ItUser target = ItEnv::registerUser();
        for (const char* authority : {"USER", "DEVELOPER"}) {
            ItUser u = ItAdmin::userWith(authority);
            TA_ASSERT_ERROR(403, "Admin privileges required", listUsers("", u.accessToken));
            TA_ASSERT_ERROR(
                403, "Admin privileges required",
                ItAdmin::patchUser(target.id, "{\"authority\":\"ADMIN\"}", u.accessToken));
            // Not even on themselves.
            TA_ASSERT_ERROR(403, "Admin privileges required",
                            ItAdmin::patchUser(u.id, "{\"authority\":\"ADMIN\"}", u.accessToken));
        }
        TA_ASSERT_ERROR(401, "Unauthorized", HttpClient().get("/api/admin/users"));
        TA_ASSERT_ERROR(401, "Unauthorized",
                        ItAdmin::patchUser(target.id, "{\"authority\":\"ADMIN\"}", ""));
        TA_ASSERT_ERROR(401, "Unauthorized", listUsers("", "garbage"));
        std::string beta = ItAdmin::token("beta.test");
        TA_ASSERT_ERROR(401, "Unauthorized", listUsers("", beta, "alpha.test"));
        TA_ASSERT_ERROR(
            401, "Unauthorized",
            ItAdmin::patchUser(target.id, "{\"authority\":\"ADMIN\"}", beta, "alpha.test"));
        CPPUNIT_ASSERT_EQUAL(std::string("USER"),
                             findUser(target.id)->getValue<std::string>("authority"));
    }

    void testListShowsOnlyOwnTenant() {
        ItOwnTenant& t = ownTenant();
        t.admin = ItEnv::loginUser(t.admin.email, t.admin.password, t.host);
        ItUser mine = ItEnv::registerUser(t.host);
        ItUser alpha = ItEnv::registerUser();
        HttpResponse r = listUsers("?limit=200", t.admin.accessToken, t.host);
        TA_ASSERT_STATUS(200, r);
        auto users = r.json()->getArray("users");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, static_cast<long>(users->size()),
                                     r.json()->getValue<long>("total"));
        std::set<std::string> ids;
        for (std::size_t i = 0; i < users->size(); ++i)
            ids.insert(users->getObject(i)->getValue<std::string>("id"));
        TA_ASSERT("own users listed: " + r.body,
                  ids.count(mine.id) == 1 && ids.count(t.admin.id) == 1);
        TA_ASSERT("alpha's users not listed: " + r.body,
                  ids.count(alpha.id) == 0 && ids.count(ItAdmin::seededId()) == 0);
        TA_ASSERT("no alpha email: " + r.body,
                  r.body.find("admin@alpha.test") == std::string::npos);
        // The alpha admin is nobody here, and the tenant's admin nobody at alpha.
        TA_ASSERT_ERROR(401, "Unauthorized", listUsers("", admin, t.host));
        TA_ASSERT_ERROR(401, "Unauthorized", listUsers("", t.admin.accessToken, "alpha.test"));
        TA_ASSERT_ERROR(
            404, "User not found",
            ItAdmin::patchUser(alpha.id, "{\"disabled\":true}", t.admin.accessToken, t.host));
        TA_ASSERT_STATUS(200, HttpClient().get("/api/users/me", ItEnv::auth(alpha.accessToken)));
    }

private:
    std::string admin;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AdminUsersIT);
