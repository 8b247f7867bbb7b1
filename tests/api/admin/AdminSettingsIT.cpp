// GET and PATCH /api/admin/settings on a tenant of this suite's own (settings are
// tenant-wide, so alpha and beta are only read).
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
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

class AdminSettingsIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AdminSettingsIT);
    CPPUNIT_TEST(testGetShowsEveryKeyWithDefaults);
    CPPUNIT_TEST(testPatchMergesNestedKeys);
    CPPUNIT_TEST(testUnknownKeysAre400);
    CPPUNIT_TEST(testBadValuesAre400AndWriteNothing);
    CPPUNIT_TEST(testSecretsAreWriteOnly);
    CPPUNIT_TEST(testChangeReachesEveryWorker);
    CPPUNIT_TEST(testNonAdminsAreRefused);
    CPPUNIT_TEST_SUITE_END();

    static ItOwnTenant& ownTenant() { return ItAdmin::tenantOnce("stg"); }

public:
    void setUp() override {
        ItOwnTenant& t = ownTenant();
        host = t.host;
        token = t.admin.accessToken;
    }

    HttpResponse getSettings(const std::string& tok = "", const std::string& h = "") {
        return ItAdmin::get("/api/admin/settings", tok.empty() ? token : tok, h.empty() ? host : h);
    }
    HttpResponse patch(const std::string& body, const std::string& tok = "",
                       const std::string& h = "") {
        return ItAdmin::json("PATCH", "/api/admin/settings", body, tok.empty() ? token : tok,
                             h.empty() ? host : h);
    }
    Poco::JSON::Object::Ptr current() {
        HttpResponse r = getSettings();
        TA_ASSERT_STATUS(200, r);
        return r.json();
    }
    std::string dbRow(const std::string& slug) {
        return ItAdmin::psql("SELECT t::text FROM tenantauth.tenants t WHERE slug = '" + slug +
                             "'");
    }

    static void assertShape(const Poco::JSON::Object::Ptr& s, const std::string& context) {
        using S = std::set<std::string>;
        TA_ASSERT(
            "top-level settings: " + context,
            (ItAdmin::names(s) == S{"accessTokenTtl", "refreshTokenTtl", "refreshReuseGraceSeconds",
                                    "maxSessionAge", "bcryptCost", "twofaSetup", "loginLockout",
                                    "urls", "smtp", "github", "google"}));
        TA_ASSERT("loginLockout: " + context, (ItAdmin::names(s->getObject("loginLockout")) ==
                                               S{"maxFailures", "windowSeconds", "lockSeconds"}));
        TA_ASSERT("urls: " + context, (ItAdmin::names(s->getObject("urls")) ==
                                       S{"resetPassword", "verifyEmail", "oauthSuccess"}));
        TA_ASSERT("smtp: " + context,
                  (ItAdmin::names(s->getObject("smtp")) ==
                   S{"host", "port", "starttls", "username", "password", "from"}));
        TA_ASSERT("github: " + context, (ItAdmin::names(s->getObject("github")) ==
                                         S{"clientId", "clientSecret", "redirectUri",
                                           "authorizeUrl", "tokenUrl", "apiUrl"}));
        TA_ASSERT("google: " + context, (ItAdmin::names(s->getObject("google")) ==
                                         S{"clientId", "clientSecret", "redirectUri",
                                           "authorizeUrl", "tokenUrl", "userinfoUrl"}));
    }

    static std::string str(const Poco::JSON::Object::Ptr& s, const std::string& group,
                           const std::string& key) {
        return s->getObject(group)->getValue<std::string>(key);
    }

    void testGetShowsEveryKeyWithDefaults() {
        HttpResponse r = getSettings();
        TA_ASSERT_STATUS(200, r);
        TA_ASSERT("Content-Type: " + r.header("Content-Type"),
                  r.header("Content-Type").rfind("application/json", 0) == 0);
        auto s = r.json();
        assertShape(s, r.body);
        CPPUNIT_ASSERT_EQUAL(900, s->getValue<int>("accessTokenTtl"));
        CPPUNIT_ASSERT_EQUAL(2592000, s->getValue<int>("refreshTokenTtl"));
        CPPUNIT_ASSERT_EQUAL(0, s->getValue<int>("refreshReuseGraceSeconds"));
        CPPUNIT_ASSERT_EQUAL(7776000, s->getValue<int>("maxSessionAge"));
        CPPUNIT_ASSERT_EQUAL(12, s->getValue<int>("bcryptCost"));
        CPPUNIT_ASSERT_EQUAL(std::string("ADMIN"), s->getValue<std::string>("twofaSetup"));
        auto lock = s->getObject("loginLockout");
        CPPUNIT_ASSERT_EQUAL(10, lock->getValue<int>("maxFailures"));
        CPPUNIT_ASSERT_EQUAL(900, lock->getValue<int>("windowSeconds"));
        CPPUNIT_ASSERT_EQUAL(900, lock->getValue<int>("lockSeconds"));
        for (const char* u : {"resetPassword", "verifyEmail", "oauthSuccess"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(u, std::string(""), str(s, "urls", u));
        CPPUNIT_ASSERT_EQUAL(std::string(""), str(s, "smtp", "password"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), str(s, "github", "clientSecret"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), str(s, "google", "clientSecret"));
        CPPUNIT_ASSERT_EQUAL(false, s->getObject("smtp")->getValue<bool>("starttls"));
        TA_ASSERT("smtp.port is a number: " + r.body,
                  s->getObject("smtp")->get("port").isInteger());
        CPPUNIT_ASSERT_EQUAL(std::string("https://github.com/login/oauth/authorize"),
                             str(s, "github", "authorizeUrl"));
        CPPUNIT_ASSERT_EQUAL(std::string("https://github.com/login/oauth/access_token"),
                             str(s, "github", "tokenUrl"));
        CPPUNIT_ASSERT_EQUAL(std::string("https://api.github.com"), str(s, "github", "apiUrl"));
        CPPUNIT_ASSERT_EQUAL(std::string("https://accounts.google.com/o/oauth2/v2/auth"),
                             str(s, "google", "authorizeUrl"));
        CPPUNIT_ASSERT_EQUAL(std::string("https://oauth2.googleapis.com/token"),
                             str(s, "google", "tokenUrl"));
        CPPUNIT_ASSERT_EQUAL(std::string("https://openidconnect.googleapis.com/v1/userinfo"),
                             str(s, "google", "userinfoUrl"));
        // The shared tenants answer the same shape to their own admins.
        HttpResponse alpha = getSettings(ItAdmin::token("alpha.test"), "alpha.test");
        TA_ASSERT_STATUS(200, alpha);
        assertShape(alpha.json(), alpha.body);
    }

    void testPatchMergesNestedKeys() {
        auto before = current();
        HttpResponse r = patch("{\"loginLockout\":{\"maxFailures\":5}}");
        TA_ASSERT_STATUS(200, r);
        auto after = r.json();
        assertShape(after, r.body);
        auto lock = after->getObject("loginLockout");
        CPPUNIT_ASSERT_EQUAL(5, lock->getValue<int>("maxFailures"));
        CPPUNIT_ASSERT_EQUAL(before->getObject("loginLockout")->getValue<int>("windowSeconds"),
                             lock->getValue<int>("windowSeconds"));
        CPPUNIT_ASSERT_EQUAL(before->getObject("loginLockout")->getValue<int>("lockSeconds"),
                             lock->getValue<int>("lockSeconds"));
        // Everything else as it was; GET agrees with the PATCH answer.
        for (const char* k : {"urls", "smtp", "github", "google"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(k, ItAdmin::stringify(before->getObject(k)),
                                         ItAdmin::stringify(after->getObject(k)));
        CPPUNIT_ASSERT_EQUAL(before->getValue<int>("accessTokenTtl"),
                             after->getValue<int>("accessTokenTtl"));
        CPPUNIT_ASSERT_EQUAL(ItAdmin::stringify(after), ItAdmin::stringify(current()));

        HttpResponse two = patch(
            "{\"accessTokenTtl\":600,\"smtp\":{\"host\":\"mail.example.test\",\"port\":587,"
            "\"starttls\":true},\"urls\":{\"oauthSuccess\":\"https://app.example.test/done\"}}");
        TA_ASSERT_STATUS(200, two);
        auto s = current();
        CPPUNIT_ASSERT_EQUAL(600, s->getValue<int>("accessTokenTtl"));
        CPPUNIT_ASSERT_EQUAL(std::string("mail.example.test"), str(s, "smtp", "host"));
        CPPUNIT_ASSERT_EQUAL(587, s->getObject("smtp")->getValue<int>("port"));
        CPPUNIT_ASSERT_EQUAL(true, s->getObject("smtp")->getValue<bool>("starttls"));
        CPPUNIT_ASSERT_EQUAL(str(before, "smtp", "from"), str(s, "smtp", "from"));
        CPPUNIT_ASSERT_EQUAL(std::string("https://app.example.test/done"),
                             str(s, "urls", "oauthSuccess"));
        CPPUNIT_ASSERT_EQUAL(str(before, "urls", "resetPassword"), str(s, "urls", "resetPassword"));
        CPPUNIT_ASSERT_EQUAL(5, s->getObject("loginLockout")->getValue<int>("maxFailures"));
        // An empty patch changes nothing; URLs can be emptied again.
        HttpResponse empty = patch("{}");
        TA_ASSERT_STATUS(200, empty);
        CPPUNIT_ASSERT_EQUAL(ItAdmin::stringify(s), ItAdmin::stringify(empty.json()));
        TA_ASSERT_STATUS(
            200, patch("{\"urls\":{\"oauthSuccess\":\"\",\"resetPassword\":"
                       "\"http://localhost:3000/reset?token={token}\"},\"accessTokenTtl\":900}"));
        s = current();
        CPPUNIT_ASSERT_EQUAL(std::string(""), str(s, "urls", "oauthSuccess"));
        CPPUNIT_ASSERT_EQUAL(std::string("http://localhost:3000/reset?token={token}"),
                             str(s, "urls", "resetPassword"));
    }

    void testUnknownKeysAre400() {
        auto before = current();
        TA_ASSERT_ERROR(400, "bogus is not a setting", patch("{\"bogus\":1}"));
        TA_ASSERT_ERROR(400, "smtp.bogus is not a setting", patch("{\"smtp\":{\"bogus\":1}}"));
        TA_ASSERT_ERROR(400, "loginLockout.x is not a setting",
                        patch("{\"loginLockout\":{\"x\":1}}"));
        TA_ASSERT_ERROR(400, "github.secret is not a setting",
                        patch("{\"github\":{\"secret\":\"s\"}}"));
        TA_ASSERT_ERROR(400, "signingKey is not a setting", patch("{\"signingKey\":\"x\"}"));
        TA_ASSERT_ERROR(400, "AccessTokenTtl is not a setting", patch("{\"AccessTokenTtl\":5}"));
        // Nothing of a refused patch is applied.
        TA_ASSERT_ERROR(400, "bogus is not a setting",
                        patch("{\"accessTokenTtl\":901,\"bogus\":1}"));
        TA_ASSERT_ERROR(400, "smtp.bogus is not a setting",
                        patch("{\"smtp\":{\"host\":\"evil.example.test\",\"bogus\":1}}"));
        CPPUNIT_ASSERT_EQUAL(ItAdmin::stringify(before), ItAdmin::stringify(current()));
    }

    void testBadValuesAre400AndWriteNothing() {
        auto before = current();
        const std::string bcryptRule = "bcryptCost must be an integer from 4 to 15";
        std::string wrong;
        auto check = [&](const std::string& body, const std::string& text) {
            wrong += ItAdmin::mismatch("PATCH " + body, 400, text, patch(body));
        };
        for (const std::string& v : std::vector<std::string>{"3", "16", "0", "-1", "\"12\"", "12.5",
                                                             "true", "1000000000000"})
            check("{\"bcryptCost\":" + v + "}", bcryptRule);
        const std::string twofaRule = "twofaSetup must be ADMIN or ALL";
        for (const std::string& v :
             std::vector<std::string>{"\"X\"", "\"all\"", "\"\"", "\"ALL \""})
            check("{\"twofaSetup\":" + v + "}", twofaRule);
        for (const std::string& g :
             std::vector<std::string>{"smtp", "loginLockout", "urls", "github", "google"})
            for (const std::string& v :
                 std::vector<std::string>{"5", "\"x\"", "[]", "true", "null"})
                check("{\"" + g + "\":" + v + "}", g + " must be an object");
        const std::string urlRule =
            "urls.resetPassword must be an http:// or https:// URL, or empty";
        for (const std::string& u : std::vector<std::string>{
                 "ftp://x", "javascript:alert(1)", "//evil.example", "reset", "file:///etc/passwd"})
            check("{\"urls\":{\"resetPassword\":" + ItEnv::quote(u) + "}}", urlRule);
        check("{\"urls\":{\"verifyEmail\":\"data:text/html,x\"}}",
              "urls.verifyEmail must be an http:// or https:// URL, or empty");
        check("{\"urls\":{\"oauthSuccess\":\"javascript:alert(1)\"}}",
              "urls.oauthSuccess must be an http:// or https:// URL, or empty");
        TA_ASSERT("refused with the wrong answer:" + wrong, wrong.empty());
        // Other keys: a 400 naming the key.
        for (const std::pair<std::string, std::string>& kv :
             std::initializer_list<std::pair<std::string, std::string>>{
                 {"twofaSetup", "{\"twofaSetup\":5}"},
                 {"twofaSetup", "{\"twofaSetup\":[\"ALL\"]}"},
                 {"accessTokenTtl", "{\"accessTokenTtl\":0}"},
                 {"accessTokenTtl", "{\"accessTokenTtl\":true}"},
                 {"accessTokenTtl", "{\"accessTokenTtl\":900.5}"},
                 {"loginLockout.maxFailures", "{\"loginLockout\":{\"maxFailures\":true}}"},
                 {"smtp.port", "{\"smtp\":{\"port\":true}}"},
                 {"smtp.starttls", "{\"smtp\":{\"starttls\":1}}"},
                 {"accessTokenTtl", "{\"accessTokenTtl\":-60}"},
                 {"accessTokenTtl", "{\"accessTokenTtl\":\"900\"}"},
                 {"refreshTokenTtl", "{\"refreshTokenTtl\":0}"},
                 {"refreshTokenTtl", "{\"refreshTokenTtl\":99999999999999}"},
                 {"refreshReuseGraceSeconds", "{\"refreshReuseGraceSeconds\":-1}"},
                 {"refreshReuseGraceSeconds", "{\"refreshReuseGraceSeconds\":61}"},
                 {"refreshReuseGraceSeconds", "{\"refreshReuseGraceSeconds\":\"5\"}"},
                 {"maxSessionAge", "{\"maxSessionAge\":299}"},
                 {"maxSessionAge", "{\"maxSessionAge\":315360001}"},
                 {"maxSessionAge", "{\"maxSessionAge\":0}"},
                 {"loginLockout.maxFailures", "{\"loginLockout\":{\"maxFailures\":-1}}"},
                 {"loginLockout.windowSeconds", "{\"loginLockout\":{\"windowSeconds\":\"x\"}}"},
                 {"loginLockout.lockSeconds", "{\"loginLockout\":{\"lockSeconds\":-5}}"},
                 {"smtp.port", "{\"smtp\":{\"port\":70000}}"},
                 {"smtp.port", "{\"smtp\":{\"port\":\"25\"}}"},
                 {"smtp.starttls", "{\"smtp\":{\"starttls\":\"yes\"}}"},
                 {"smtp.host", "{\"smtp\":{\"host\":5}}"},
                 {"smtp.password", "{\"smtp\":{\"password\":5}}"},
                 {"github.clientId", "{\"github\":{\"clientId\":[]}}"},
                 {"github.tokenUrl", "{\"github\":{\"tokenUrl\":\"ftp://x\"}}"},
                 {"google.userinfoUrl", "{\"google\":{\"userinfoUrl\":\"gopher://x\"}}"},
             }) {
            HttpResponse r = patch(kv.second);
            if (r.status != 400 || r.errorMessage().rfind(kv.first + " ", 0) != 0)
                wrong += "\n  PATCH " + kv.second + ": expected 400 naming " + kv.first + ", got " +
                         r.describe();
        }
        for (const std::string& body : std::vector<std::string>{
                 "{\"smtp\":{\"host\":\"a\\u0000b\"}}", "{\"smtp\":{\"password\":\"a\\u0000b\"}}",
                 "{\"urls\":{\"resetPassword\":\"https://x/\\u0000\"}}"}) {
            HttpResponse r = patch(body);
            if (r.status != 400)
                wrong += "\n  PATCH " + body + ": expected 400, got " + r.describe();
        }
        TA_ASSERT("refused without naming the key:" + wrong, wrong.empty());
        TA_ASSERT_ERROR(400, "Request body must be a JSON object", patch("[]"));
        TA_ASSERT_ERROR(400, "Request body must be a JSON object", patch("null"));
        TA_ASSERT_STATUS(400, patch("{\"bcryptCost\":"));
        TA_ASSERT_STATUS(400, patch(""));
        HttpResponse wrongType = HttpClient().send(
            "PATCH", "/api/admin/settings",
            {{"Authorization", ItEnv::bearer(token)}, {"Content-Type", "text/plain"}},
            "{\"bcryptCost\":13}", host);
        TA_ASSERT_STATUS(415, wrongType);
        // A good key next to a bad one: nothing written.
        TA_ASSERT_ERROR(400, bcryptRule, patch("{\"accessTokenTtl\":901,\"bcryptCost\":16}"));
        TA_ASSERT_ERROR(400, twofaRule,
                        patch("{\"smtp\":{\"host\":\"evil.example.test\"},\"twofaSetup\":\"X\"}"));
        CPPUNIT_ASSERT_EQUAL(ItAdmin::stringify(before), ItAdmin::stringify(current()));
        // The development floor of 4 and the ceiling of 15 are accepted.
        HttpResponse four = patch("{\"bcryptCost\":4}");
        TA_ASSERT_STATUS(200, four);
        CPPUNIT_ASSERT_EQUAL(4, four.json()->getValue<int>("bcryptCost"));
        TA_ASSERT_STATUS(200, patch("{\"bcryptCost\":15}"));
        CPPUNIT_ASSERT_EQUAL(15, current()->getValue<int>("bcryptCost"));
        TA_ASSERT_STATUS(200, patch("{\"bcryptCost\":12}"));
    }

    void testSecretsAreWriteOnly() {
        ItOwnTenant& t = ownTenant();
        std::string secret = "hunter2-" + ItEnv::uniqueSuffix();
        struct Slot {
            std::string group, key;
        };
        for (const Slot& slot : {Slot{"smtp", "password"}, Slot{"github", "clientSecret"},
                                 Slot{"google", "clientSecret"}}) {
            std::string value = secret + "-" + slot.group;
            std::string set =
                "{\"" + slot.group + "\":{\"" + slot.key + "\":" + ItEnv::quote(value) + "}}";
            HttpResponse r = patch(set);
            TA_ASSERT_STATUS(200, r);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, std::string("********"),
                                         str(r.json(), slot.group, slot.key));
            TA_ASSERT("PATCH answer hides the secret: " + r.body,
                      r.body.find(value) == std::string::npos);
            HttpResponse g = getSettings();
            CPPUNIT_ASSERT_EQUAL_MESSAGE(g.body, std::string("********"),
                                         str(g.json(), slot.group, slot.key));
            TA_ASSERT("GET hides the secret: " + g.body, g.body.find(value) == std::string::npos);
            std::string row = dbRow(t.slug);
            TA_ASSERT("tenant row found", !row.empty());
            TA_ASSERT("secret not stored in plain text: " + row,
                      row.find(value) == std::string::npos);
            TA_ASSERT("secret not stored as hunter2 at all: " + row,
                      row.find("hunter2") == std::string::npos);
            // Sending the mask back keeps the secret as it was.
            std::string stored =
                ItAdmin::psql("SELECT settings->'" + slot.group + "'->>'" + slot.key +
                              "' FROM tenantauth.tenants WHERE slug = '" + t.slug + "'");
            HttpResponse masked =
                patch("{\"" + slot.group + "\":{\"" + slot.key + "\":\"********\"}}");
            TA_ASSERT_STATUS(200, masked);
            CPPUNIT_ASSERT_EQUAL(std::string("********"), str(masked.json(), slot.group, slot.key));
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "stored value kept by a masked PATCH", stored,
                ItAdmin::psql("SELECT settings->'" + slot.group + "'->>'" + slot.key +
                              "' FROM tenantauth.tenants WHERE slug = '" + t.slug + "'"));
            // Changing a neighbour keeps it too.
            std::string neighbour = slot.group == "smtp"
                                        ? "{\"smtp\":{\"username\":\"mailer\"}}"
                                        : "{\"" + slot.group + "\":{\"clientId\":\"id-1\"}}";
            TA_ASSERT_STATUS(200, patch(neighbour));
            CPPUNIT_ASSERT_EQUAL(std::string("********"), str(current(), slot.group, slot.key));
            // "" clears it.
            HttpResponse cleared = patch("{\"" + slot.group + "\":{\"" + slot.key + "\":\"\"}}");
            TA_ASSERT_STATUS(200, cleared);
            CPPUNIT_ASSERT_EQUAL(std::string(""), str(cleared.json(), slot.group, slot.key));
            CPPUNIT_ASSERT_EQUAL(std::string(""), str(current(), slot.group, slot.key));
            // Masked value on an unset secret does not set it to the mask.
            HttpResponse maskOnEmpty =
                patch("{\"" + slot.group + "\":{\"" + slot.key + "\":\"********\"}}");
            TA_ASSERT("mask on an unset secret is 200 or 400: " + maskOnEmpty.describe(),
                      maskOnEmpty.status == 200 || maskOnEmpty.status == 400);
            CPPUNIT_ASSERT_EQUAL(std::string(""), str(current(), slot.group, slot.key));
        }
        // The audit trail of the changes does not hold the secrets either.
        HttpResponse audit =
            ItAdmin::get("/api/admin/audit?type=settings.changed&limit=200", token, host);
        TA_ASSERT_STATUS(200, audit);
        TA_ASSERT("settings.changed events recorded: " + audit.describe(),
                  audit.json()->getArray("events")->size() >= 1);
        TA_ASSERT("audit holds no secret: " + audit.describe(),
                  audit.body.find(secret) == std::string::npos);
        TA_ASSERT("audit holds no secret: " + audit.describe(),
                  audit.body.find("hunter2") == std::string::npos);
    }

    void testChangeReachesEveryWorker() {
        ItUser user = ItEnv::registerUser(host);
        HttpClient http;
        auto setup = [&] {
            return http.postJson("/api/v1/users/2fa/setup", "{}", ItEnv::auth(user.accessToken),
                                 host);
        };
        TA_ASSERT_STATUS(200, patch("{\"twofaSetup\":\"ADMIN\"}"));
        std::this_thread::sleep_for(std::chrono::milliseconds(5500));
        for (int i = 0; i < 4; ++i) TA_ASSERT_ERROR(403, "Admin privileges required", setup());
        HttpResponse r = patch("{\"twofaSetup\":\"ALL\"}");
        TA_ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(std::string("ALL"), r.json()->getValue<std::string>("twofaSetup"));
        std::this_thread::sleep_for(std::chrono::milliseconds(5500));
        for (int i = 0; i < 10; ++i) TA_ASSERT_STATUS(200, setup());
        TA_ASSERT_STATUS(200, patch("{\"twofaSetup\":\"ADMIN\"}"));
        std::this_thread::sleep_for(std::chrono::milliseconds(5500));
        for (int i = 0; i < 10; ++i) TA_ASSERT_ERROR(403, "Admin privileges required", setup());
    }

    void testNonAdminsAreRefused() {
        auto before = current();
        for (const char* authority : {"USER", "DEVELOPER"}) {
            ItUser u = ItAdmin::userWith(authority, host, token);
            TA_ASSERT_ERROR(403, "Admin privileges required", getSettings(u.accessToken));
            TA_ASSERT_ERROR(403, "Admin privileges required",
                            patch("{\"twofaSetup\":\"ALL\"}", u.accessToken));
        }
        TA_ASSERT_ERROR(401, "Unauthorized", HttpClient().get("/api/admin/settings", {}, host));
        TA_ASSERT_ERROR(401, "Unauthorized",
                        HttpClient().send("PATCH", "/api/admin/settings",
                                          {{"Content-Type", "application/json"}},
                                          "{\"twofaSetup\":\"ALL\"}", host));
        // alpha's admin is nobody here, and this tenant's admin nobody at alpha.
        std::string alpha = ItAdmin::token("alpha.test");
        TA_ASSERT_ERROR(401, "Unauthorized", getSettings(alpha));
        TA_ASSERT_ERROR(401, "Unauthorized", patch("{\"twofaSetup\":\"ALL\"}", alpha));
        TA_ASSERT_ERROR(401, "Unauthorized", getSettings(token, "alpha.test"));
        TA_ASSERT_ERROR(401, "Unauthorized",
                        patch("{\"twofaSetup\":\"ALL\"}", token, "alpha.test"));
        CPPUNIT_ASSERT_EQUAL(ItAdmin::stringify(before), ItAdmin::stringify(current()));
        HttpResponse alphaSettings = getSettings(alpha, "alpha.test");
        TA_ASSERT_STATUS(200, alphaSettings);
        CPPUNIT_ASSERT_EQUAL(std::string("ADMIN"),
                             alphaSettings.json()->getValue<std::string>("twofaSetup"));
    }

private:
    std::string host;
    std::string token;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AdminSettingsIT);
