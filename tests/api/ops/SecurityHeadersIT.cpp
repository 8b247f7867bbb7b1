// Every API answer carries nosniff, no-referrer and no-store (tokens must not be cached
// or leak through Referer), whatever its status; and the shipped web-server snippets
// add HSTS to /api.
#include <cppunit/extensions/HelperMacros.h>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItProcessResult;
using ta::test::ItUser;

class SecurityHeadersIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SecurityHeadersIT);
    CPPUNIT_TEST(testEveryAnswerHasThem);
    CPPUNIT_TEST(testShippedSnippetAddsHsts);
    CPPUNIT_TEST_SUITE_END();

public:
    static void assertHeaders(const std::string& what, const HttpResponse& r) {
        for (auto [name, value] :
             {std::pair<const char*, const char*>{"X-Content-Type-Options", "nosniff"},
              {"Referrer-Policy", "no-referrer"},
              {"Cache-Control", "no-store"}}) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(
                "[" + ItEnv::front() + "] " + what + ": " + name + " of " + r.describe(),
                std::string(value), r.header(name));
            CPPUNIT_ASSERT_EQUAL_MESSAGE("[" + ItEnv::front() + "] " + what + ": one " + name,
                                         size_t(1), r.headerValues(name).size());
        }
    }

    void testEveryAnswerHasThem() {
        ItUser u = ItEnv::registerUser();
        assertHeaders("register 201 (token)", u.response);
        HttpResponse login = ItEnv::login(u.email, u.password);
        TA_ASSERT_STATUS(200, login);
        assertHeaders("login 200 (token)", login);
        assertHeaders("refresh 200 (token)",
                      http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(u.refreshToken)));
        assertHeaders("signIn",
                      http.postJson("/api/v1/users/signIn",
                                    "{\"username\":\"admin\",\"password\":" +
                                        ItEnv::quote(ItEnv::var("TA_ADMIN_PASSWORD")) + "}"));
        assertHeaders("me 200", http.get("/api/users/me", ItEnv::auth(u.accessToken)));
        assertHeaders("health", http.get("/api/health"));
        assertHeaders("401", http.get("/api/users/me"));
        assertHeaders("400", http.postJson("/api/auth/login", "{"));
        assertHeaders("404", http.get("/api/nope"));
        assertHeaders("404 tenant", http.get("/api/users/me", {}, "nobody.test"));
        assertHeaders("405", http.get("/api/auth/login"));
        assertHeaders("415",
                      http.send("POST", "/api/auth/login", {{"Content-Type", "text/plain"}}, "x"));
        assertHeaders("413", http.postJson("/api/auth/login", std::string(70 * 1024, ' ')));
    }

    // The snippet from etc/ served by a web server of its own (tests/support/shipped-front),
    // in front of the test daemon; over plain http here, where browsers ignore HSTS.
    void testShippedSnippetAddsHsts() {
        std::string dir =
            ItEnv::stateDir() + "/shipped-" + ItEnv::front() + "-" + ItEnv::uniqueSuffix();
        std::string script = "tests/support/shipped-front";
        ItProcessResult start = ItEnv::run(script + " start " + ItEnv::front() + " " + dir + " " +
                                           ItEnv::var("TA_DAEMON_ADDR"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(start.describe(), 0, start.exitCode);
        std::string port = start.out.substr(0, start.out.find('\n'));
        struct Stop {
            std::string command;
            ~Stop() { ItEnv::run(command); }
        } stop{script + " stop " + dir};
        HttpClient shipped("http://127.0.0.1:" + port, "alpha.test");
        HttpResponse health = shipped.get("/api/health");
        TA_ASSERT_STATUS(200, health);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(health.describe(), std::string("max-age=31536000"),
                                     health.header("Strict-Transport-Security"));
        HttpResponse refused = shipped.get("/api/users/me");
        TA_ASSERT_STATUS(401, refused);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(refused.describe(), std::string("max-age=31536000"),
                                     refused.header("Strict-Transport-Security"));
        assertHeaders("through the shipped snippet", refused);
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SecurityHeadersIT);
