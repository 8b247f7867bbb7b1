// GET /api/admin/audit: which events are written, with which actor, address and
// request id, and that they never hold a password or key.
#include <cppunit/extensions/HelperMacros.h>

#include <functional>
#include <set>
#include <vector>

#include "../status/StatusItHelpers.h"
#include "HttpClient.h"
#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItUser;
using ta::test::StatusItHelpers;
using ta::test::StatusUser;

using Event = Poco::JSON::Object::Ptr;

class AdminAuditIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AdminAuditIT);
    CPPUNIT_TEST(testShapeAndOrder);
    CPPUNIT_TEST(testLoginFailureRecordsAddressAndRequestId);
    CPPUNIT_TEST(testLoginSuccessAndLogout);
    CPPUNIT_TEST(testRefreshReuse);
    CPPUNIT_TEST(testApiKeyEventsHoldNoSecret);
    CPPUNIT_TEST(testAdminChangesNameTheActor);
    CPPUNIT_TEST(testDisabledLoginReason);
    CPPUNIT_TEST(testTwoFactorEvents);
    CPPUNIT_TEST(testQueryValidation);
    CPPUNIT_TEST(testNonAdminsAreRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { admin = ItAdmin::token(); }

    HttpResponse audit(const std::string& query = "", const std::string& token = "",
                       const std::string& host = "alpha.test") {
        return ItAdmin::get("/api/admin/audit" + query, token.empty() ? admin : token, host);
    }

    // Events of `type` (newest 200) that `match`.
    std::vector<Event> events(const std::string& type,
                              const std::function<bool(const Event&)>& match,
                              std::string* body = nullptr) {
        HttpResponse r = audit("?limit=200&type=" + type);
        TA_ASSERT_STATUS(200, r);
        if (body) *body = r.body;
        std::vector<Event> out;
        auto arr = r.json()->getArray("events");
        for (std::size_t i = 0; i < arr->size(); ++i) {
            Event e = arr->getObject(i);
            TA_ASSERT("filtered by type: " + r.describe(),
                      e->getValue<std::string>("type") == type);
            if (match(e)) out.push_back(e);
        }
        return out;
    }

    static std::string s(const Event& e, const std::string& key) {
        return e->isNull(key) ? std::string("<null>") : e->getValue<std::string>(key);
    }

    static std::function<bool(const Event&)> byRequest(const std::string& rid) {
        return [rid](const Event& e) { return s(e, "requestId") == rid; };
    }
    static std::function<bool(const Event&)> byUser(const std::string& id) {
        return [id](const Event& e) { return s(e, "userId") == id; };
    }

    // The one event of `type` caused by the request that answered `r`.
    Event eventOf(const std::string& type, const HttpResponse& r) {
        std::string rid = r.header("X-Request-Id");
        TA_ASSERT("answer has an X-Request-Id: " + r.describe(), !rid.empty());
        std::string body;
        auto found = events(type, byRequest(rid), &body);
        TA_ASSERT(
            "exactly one " + type + " event with requestId " + rid + ": " + body.substr(0, 600),
            found.size() == 1);
        return found[0];
    }

    static HttpClient::Headers rid(const std::string& what) {
        return {{"X-Request-Id", "it-audit-" + what + "-" + ItEnv::uniqueSuffix()}};
    }

    void testShapeAndOrder() {
        ItEnv::registerUser();  // at least a few events exist
        HttpResponse r = audit();
        TA_ASSERT_STATUS(200, r);
        auto o = r.json();
        TA_ASSERT("members {events,limit,offset}: " + r.describe(),
                  (ItAdmin::names(o) == std::set<std::string>{"events", "limit", "offset"}));
        CPPUNIT_ASSERT_EQUAL(50, o->getValue<int>("limit"));
        CPPUNIT_ASSERT_EQUAL(0, o->getValue<int>("offset"));
        auto arr = o->getArray("events");
        TA_ASSERT("some events: " + r.describe(), arr->size() >= 1 && arr->size() <= 50);
        for (std::size_t i = 0; i < arr->size(); ++i) {
            Event e = arr->getObject(i);
            TA_ASSERT("event members: " + ItAdmin::stringify(e),
                      (ItAdmin::names(e) ==
                       std::set<std::string>{"id", "type", "createdAt", "userId", "actorId",
                                             "clientAddress", "requestId", "details"}));
            TA_ASSERT("createdAt: " + ItAdmin::stringify(e),
                      ItAdmin::isTimestamp(e->getValue<std::string>("createdAt")));
            TA_ASSERT("details is an object: " + ItAdmin::stringify(e),
                      !e->getObject("details").isNull());
            if (i > 0) {
                Event prev = arr->getObject(i - 1);
                TA_ASSERT(
                    "newest first: " + ItAdmin::stringify(prev) + " then " + ItAdmin::stringify(e),
                    prev->getValue<std::string>("createdAt") >=
                            e->getValue<std::string>("createdAt") &&
                        prev->getValue<Poco::Int64>("id") > e->getValue<Poco::Int64>("id"));
            }
        }
        for (const char* secret : {"$2b$", "sk_", "password\":\""})
            TA_ASSERT(std::string("no ") + secret + ": " + r.describe(),
                      r.body.find(secret) == std::string::npos);
        // Paging is consistent (two more events first: this may be the suite's first test).
        for (int i = 0; i < 2; ++i)
            TA_ASSERT_STATUS(401, ItEnv::login(ItEnv::uniqueEmail("paging"), "Wrong-Password-1"));
        HttpResponse two = audit("?limit=2");
        HttpResponse second = audit("?limit=1&offset=1");
        TA_ASSERT_STATUS(200, second);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), second.json()->getArray("events")->size());
        CPPUNIT_ASSERT_EQUAL(1, second.json()->getValue<int>("offset"));
        CPPUNIT_ASSERT_EQUAL(
            two.json()->getArray("events")->getObject(1)->getValue<Poco::Int64>("id"),
            second.json()->getArray("events")->getObject(0)->getValue<Poco::Int64>("id"));
    }

    void testLoginFailureRecordsAddressAndRequestId() {
        ItUser u = ItEnv::registerUser();
        std::string wrong = "Wrong-Password-" + ItEnv::uniqueSuffix();
        std::string sent = "it-audit-" + ItEnv::uniqueSuffix();
        HttpResponse r = HttpClient().postJson(
            "/api/auth/login", ItEnv::credentials(u.email, wrong),
            {{"X-Request-Id", sent}, {"X-Forwarded-For", "6.6.6.6"}, {"X-Real-IP", "6.6.6.7"}});
        TA_ASSERT_ERROR(401, "Invalid email or password", r);
        std::string body;
        Event e = eventOf("login.failure", r);
        CPPUNIT_ASSERT_EQUAL(u.id, s(e, "userId"));
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), s(e, "clientAddress"));
        CPPUNIT_ASSERT_EQUAL(r.header("X-Request-Id"), s(e, "requestId"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(ItAdmin::stringify(e), std::string("password"),
                                     e->getObject("details")->getValue<std::string>("reason"));
        auto all = events("login.failure", byUser(u.id), &body);
        TA_ASSERT("the wrong password is nowhere in the audit: " + body.substr(0, 600),
                  body.find(wrong) == std::string::npos);
        TA_ASSERT("the right password is nowhere in the audit",
                  audit("?limit=200").body.find(u.password) == std::string::npos);
        // An unknown email is a failure too, and does not echo any password.
        std::string ghostPassword = "Ghost-Password-" + ItEnv::uniqueSuffix();
        HttpResponse ghost = HttpClient().postJson(
            "/api/auth/login", ItEnv::credentials(ItEnv::uniqueEmail("ghost"), ghostPassword),
            rid("ghost"));
        TA_ASSERT_STATUS(401, ghost);
        Event g = eventOf("login.failure", ghost);
        TA_ASSERT("no password in " + ItAdmin::stringify(g),
                  ItAdmin::stringify(g).find(ghostPassword) == std::string::npos);
    }

    void testLoginSuccessAndLogout() {
        ItUser reg = ItEnv::registerUser();
        HttpClient http;
        HttpResponse login = http.postJson(
            "/api/auth/login", ItEnv::credentials(reg.email, reg.password), rid("login"));
        TA_ASSERT_STATUS(200, login);
        Event e = eventOf("login.success", login);
        CPPUNIT_ASSERT_EQUAL(reg.id, s(e, "userId"));
        CPPUNIT_ASSERT_EQUAL(std::string("127.0.0.1"), s(e, "clientAddress"));
        TA_ASSERT("no password: " + ItAdmin::stringify(e),
                  ItAdmin::stringify(e).find(reg.password) == std::string::npos);
        std::string access = login.jsonString("accessToken");
        std::string refresh = login.cookie("refresh_token").value;
        TA_ASSERT("no token in audit: " + ItAdmin::stringify(e),
                  ItAdmin::stringify(e).find(access) == std::string::npos &&
                      ItAdmin::stringify(e).find(refresh) == std::string::npos);
        HttpClient::Headers h = rid("logout");
        h.emplace_back("Authorization", ItEnv::bearer(access));
        h.emplace_back("Cookie", "refresh_token=" + refresh);
        HttpResponse out = http.send("POST", "/api/auth/logout", h);
        TA_ASSERT_STATUS(200, out);
        Event l = eventOf("logout", out);
        CPPUNIT_ASSERT_EQUAL(reg.id, s(l, "userId"));
        // The v1 sign-in is audited the same way.
        HttpResponse v1 =
            http.postJson("/api/v1/users/signIn",
                          StatusItHelpers::signInBody(reg.email, reg.password), rid("signin"));
        TA_ASSERT_STATUS(200, v1);
        CPPUNIT_ASSERT_EQUAL(reg.id, s(eventOf("login.success", v1), "userId"));
        HttpResponse v1bad = http.postJson("/api/v1/users/signIn",
                                           StatusItHelpers::signInBody(reg.email, "Nope-Nope-123"),
                                           rid("signinbad"));
        TA_ASSERT_STATUS(401, v1bad);
        CPPUNIT_ASSERT_EQUAL(reg.id, s(eventOf("login.failure", v1bad), "userId"));
    }

    void testRefreshReuse() {
        ItUser u = ItEnv::registerUser();
        HttpClient http;
        HttpResponse first =
            http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(u.refreshToken));
        TA_ASSERT_STATUS(200, first);
        HttpClient::Headers h = rid("reuse");
        h.emplace_back("Cookie", "refresh_token=" + u.refreshToken);
        HttpResponse reuse = http.send("POST", "/api/auth/refresh", h);
        TA_ASSERT_STATUS(401, reuse);
        Event e = eventOf("refresh.reuse", reuse);
        CPPUNIT_ASSERT_EQUAL(u.id, s(e, "userId"));
        TA_ASSERT("no token in audit: " + ItAdmin::stringify(e),
                  ItAdmin::stringify(e).find(u.refreshToken) == std::string::npos);
    }

    void testApiKeyEventsHoldNoSecret() {
        ItUser u = ItEnv::registerUser();
        HttpClient http;
        HttpClient::Headers h = rid("key");
        h.emplace_back("Authorization", ItEnv::bearer(u.accessToken));
        HttpResponse created = http.postJson("/api/api-keys", "{\"name\":\"audited\"}", h);
        TA_ASSERT_STATUS(201, created);
        std::string secret = created.jsonString("apiKey");
        std::string id = created.json()->getObject("key")->getValue<std::string>("id");
        Event c = eventOf("apikey.created", created);
        CPPUNIT_ASSERT_EQUAL(u.id, s(c, "userId"));
        TA_ASSERT("details name the key: " + ItAdmin::stringify(c),
                  ItAdmin::stringify(c).find(id) != std::string::npos);
        HttpClient::Headers d = rid("revoke");
        d.emplace_back("Authorization", ItEnv::bearer(u.accessToken));
        HttpResponse revoked = http.send("DELETE", "/api/api-keys/" + id, d);
        TA_ASSERT_STATUS(200, revoked);
        Event r = eventOf("apikey.revoked", revoked);
        CPPUNIT_ASSERT_EQUAL(u.id, s(r, "userId"));
        TA_ASSERT("details name the key: " + ItAdmin::stringify(r),
                  ItAdmin::stringify(r).find(id) != std::string::npos);
        for (const std::string& type :
             std::vector<std::string>{"", "apikey.created", "apikey.revoked"}) {
            HttpResponse all =
                audit("?limit=200" + (type.empty() ? std::string() : "&type=" + type));
            TA_ASSERT_STATUS(200, all);
            TA_ASSERT("audit never holds the key: " + type,
                      all.body.find(secret) == std::string::npos);
            TA_ASSERT("audit never holds the key's secret part: " + type,
                      all.body.find(secret.substr(19)) == std::string::npos);
        }
    }

    void testAdminChangesNameTheActor() {
        std::string adminId = ItAdmin::seededId();
        ItUser u = ItEnv::registerUser();
        HttpResponse changed =
            ItAdmin::json("PATCH", "/api/admin/users/" + u.id, "{\"authority\":\"DEVELOPER\"}",
                          admin, "alpha.test", rid("user"));
        TA_ASSERT_STATUS(200, changed);
        Event e = eventOf("user.changed", changed);
        CPPUNIT_ASSERT_EQUAL(u.id, s(e, "userId"));
        CPPUNIT_ASSERT_EQUAL(adminId, s(e, "actorId"));
        TA_ASSERT("details tell the change: " + ItAdmin::stringify(e),
                  ItAdmin::stringify(e).find("DEVELOPER") != std::string::npos);

        std::string plan = "ita-" + ItEnv::uniqueSuffix();
        HttpResponse put =
            ItAdmin::json("PUT", "/api/admin/plans/" + plan,
                          "{\"name\":\"Audit\",\"maxApiKeys\":1,\"requestsPerMinute\":10}", admin,
                          "alpha.test", rid("plan"));
        TA_ASSERT_STATUS(201, put);
        Event p = eventOf("plan.changed", put);
        CPPUNIT_ASSERT_EQUAL(adminId, s(p, "actorId"));
        TA_ASSERT("details name the plan: " + ItAdmin::stringify(p),
                  ItAdmin::stringify(p).find(plan) != std::string::npos);
        HttpClient::Headers h = rid("plandel");
        h.emplace_back("Authorization", ItEnv::bearer(admin));
        HttpResponse del = HttpClient().send("DELETE", "/api/admin/plans/" + plan, h);
        TA_ASSERT_STATUS(200, del);
        Event pd = eventOf("plan.deleted", del);
        CPPUNIT_ASSERT_EQUAL(adminId, s(pd, "actorId"));
        TA_ASSERT("details name the plan: " + ItAdmin::stringify(pd),
                  ItAdmin::stringify(pd).find(plan) != std::string::npos);
        // Refused changes write no event.
        HttpResponse refused =
            ItAdmin::json("PATCH", "/api/admin/users/" + u.id, "{\"authority\":\"ROOT\"}", admin,
                          "alpha.test", rid("refused"));
        TA_ASSERT_STATUS(400, refused);
        TA_ASSERT("no event for a refused change",
                  events("user.changed", byRequest(refused.header("X-Request-Id"))).empty());
    }

    void testDisabledLoginReason() {
        ItUser d = ItEnv::registerUser();
        TA_ASSERT_STATUS(200, ItAdmin::patchUser(d.id, "{\"disabled\":true}", admin));
        HttpResponse r = HttpClient().postJson(
            "/api/auth/login", ItEnv::credentials(d.email, d.password), rid("disabled"));
        TA_ASSERT_STATUS(401, r);
        Event e = eventOf("login.failure", r);
        CPPUNIT_ASSERT_EQUAL(d.id, s(e, "userId"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(ItAdmin::stringify(e), std::string("disabled"),
                                     e->getObject("details")->getValue<std::string>("reason"));

        // The "locked" reason is checked by LockoutIT on a tenant with a lockout of its
        // own: the shared tenants run with a relaxed one (tests/run).
    }

    void testTwoFactorEvents() {
        HttpClient http;
        StatusUser u = StatusItHelpers::createUser(http, "ADMIN");
        HttpResponse setup =
            http.send("POST", "/api/v1/users/2fa/setup", ItEnv::auth(u.accessToken));
        TA_ASSERT_STATUS(200, setup);
        std::string raw = StatusItHelpers::base32Decode(setup.jsonString("secret"));
        std::int64_t step = StatusItHelpers::freshStep(8);
        HttpClient::Headers vh = rid("2fa-on");
        vh.emplace_back("Authorization", ItEnv::bearer(u.accessToken));
        HttpResponse verify = http.postJson(
            "/api/v1/users/2fa/verify",
            "{\"totpToken\":" + ItEnv::quote(StatusItHelpers::codeAt(raw, step)) + "}", vh);
        TA_ASSERT_STATUS(200, verify);
        Event on = eventOf("2fa.enabled", verify);
        std::string userId = s(on, "userId");
        TA_ASSERT("2fa.enabled has the user: " + ItAdmin::stringify(on), userId != "<null>");
        std::vector<std::string> recovery;
        auto codes = verify.json()->getArray("recoveryCodes");
        for (std::size_t i = 0; i < codes->size(); ++i)
            recovery.push_back(codes->getElement<std::string>(i));
        TA_ASSERT("recovery codes given: " + verify.body, recovery.size() >= 3);
        std::string setupSecret = setup.jsonString("secret");
        // A wrong TOTP at login is a 2fa failure.
        HttpResponse bad2fa =
            http.postJson("/api/v1/users/signIn",
                          StatusItHelpers::signInBody(u.username, u.password,
                                                      StatusItHelpers::wrongCode(raw, step)),
                          rid("2fa-bad"));
        TA_ASSERT_STATUS(401, bad2fa);
        Event f = eventOf("login.failure", bad2fa);
        CPPUNIT_ASSERT_EQUAL(userId, s(f, "userId"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(ItAdmin::stringify(f), std::string("2fa"),
                                     f->getObject("details")->getValue<std::string>("reason"));
        // A recovery code at sign-in.
        HttpResponse rec = http.postJson(
            "/api/v1/users/signIn",
            StatusItHelpers::signInBody(u.username, u.password, recovery[0]), rid("2fa-rec"));
        TA_ASSERT_STATUS(200, rec);
        Event used = eventOf("2fa.recovery_code_used", rec);
        CPPUNIT_ASSERT_EQUAL(userId, s(used, "userId"));
        // Disable with another recovery code.
        HttpClient::Headers dh = rid("2fa-off");
        dh.emplace_back("Authorization", ItEnv::bearer(rec.jsonString("accessToken")));
        HttpResponse off = http.postJson("/api/v1/users/2fa/disable",
                                         "{\"password\":" + ItEnv::quote(u.password) +
                                             ",\"totpToken\":" + ItEnv::quote(recovery[1]) + "}",
                                         dh);
        TA_ASSERT_STATUS(200, off);
        Event offEvent = eventOf("2fa.disabled", off);
        CPPUNIT_ASSERT_EQUAL(userId, s(offEvent, "userId"));
        // No secrets, codes or passwords anywhere.
        HttpResponse all = audit("?limit=200");
        for (const std::string& secret : std::vector<std::string>{
                 setupSecret, recovery[0], recovery[1], recovery[2], u.password})
            TA_ASSERT("audit holds no 2FA secret, code or password (" + secret + ")",
                      all.body.find(secret) == std::string::npos);
    }

    void testQueryValidation() {
        const std::string typeRule = "type must be an event type such as login.failure";
        for (const std::string& t :
             std::vector<std::string>{"x%27%20OR%201%3D1", "login.failure%27--", "LOGIN.FAILURE",
                                      "a%20b", std::string(100, 'a'), "%3Bdrop"})
            TA_ASSERT_ERROR(400, typeRule, audit("?type=" + t));
        const std::string limitRule = "limit must be an integer from 1 to 200";
        for (const std::string& q :
             std::vector<std::string>{"0", "201", "-1", "x", "99999999999999999999", "1000000"})
            TA_ASSERT_ERROR(400, limitRule, audit("?limit=" + q));
        const std::string offsetRule = "offset must be an integer from 0 to 100000000";
        for (const std::string& q :
             std::vector<std::string>{"-1", "x", "100000001", "99999999999999999999"})
            TA_ASSERT_ERROR(400, offsetRule, audit("?offset=" + q));
        HttpResponse one = audit("?limit=1");
        TA_ASSERT_STATUS(200, one);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), one.json()->getArray("events")->size());
        CPPUNIT_ASSERT_EQUAL(1, one.json()->getValue<int>("limit"));
        HttpResponse far = audit("?offset=100000000");
        TA_ASSERT_STATUS(200, far);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), far.json()->getArray("events")->size());
        // A well-formed type nobody writes is just an empty list.
        HttpResponse none = audit("?type=no.such_event");
        TA_ASSERT("unknown but well-formed type is 200 (empty) or 400: " + none.describe(),
                  (none.status == 200 && none.json()->getArray("events")->size() == 0) ||
                      none.status == 400);
    }

    void testNonAdminsAreRefused() {
        for (const char* authority : {"USER", "DEVELOPER"}) {
            ItUser u = ItAdmin::userWith(authority);
            TA_ASSERT_ERROR(403, "Admin privileges required", audit("", u.accessToken));
        }
        TA_ASSERT_ERROR(401, "Unauthorized", HttpClient().get("/api/admin/audit"));
        TA_ASSERT_ERROR(401, "Unauthorized", audit("", "x.y.z"));
        std::string beta = ItAdmin::token("beta.test");
        TA_ASSERT_ERROR(401, "Unauthorized", audit("", beta, "alpha.test"));
        // beta's admin does not see alpha's events.
        ItUser u = ItEnv::registerUser();
        HttpResponse bad = HttpClient().postJson(
            "/api/auth/login", ItEnv::credentials(u.email, "Not-It-12345"), rid("isolation"));
        TA_ASSERT_STATUS(401, bad);
        eventOf("login.failure", bad);
        HttpResponse atBeta = audit("?limit=200", beta, "beta.test");
        TA_ASSERT_STATUS(200, atBeta);
        TA_ASSERT("alpha's event not at beta",
                  atBeta.body.find(bad.header("X-Request-Id")) == std::string::npos);
        TA_ASSERT("alpha's user not at beta", atBeta.body.find(u.id) == std::string::npos);
    }

private:
    std::string admin;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AdminAuditIT);
