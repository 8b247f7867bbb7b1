// HEAD on a GET route is answered like GET (status, headers) without a body; through
// the web server, so what the client sees is what is tested.
#include <cppunit/extensions/HelperMacros.h>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItUser;

class HeadRequestsIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HeadRequestsIT);
    CPPUNIT_TEST(testHeadIsGetWithoutBody);
    CPPUNIT_TEST(testHeadFollowsTheRoutePolicy);
    CPPUNIT_TEST(testAllowListsHeadBesideGet);
    CPPUNIT_TEST_SUITE_END();

public:
    // The headers a HEAD must share with its GET (X-Request-Id and Date differ by nature).
    static void assertSameAnswer(const std::string& what, const HttpResponse& get,
                                 const HttpResponse& head) {
        TA_ASSERT(what + ": HEAD status " + head.describe() + " vs GET " + get.describe(),
                  head.status == get.status);
        TA_ASSERT(what + ": HEAD has no body: " + head.describe(), head.body.empty());
        for (const char* h : {"Content-Type", "Cache-Control", "X-Content-Type-Options",
                              "Referrer-Policy", "WWW-Authenticate"})
            CPPUNIT_ASSERT_EQUAL_MESSAGE("[" + ItEnv::front() + "] " + what + ": " + h,
                                         get.header(h), head.header(h));
        TA_ASSERT(what + ": X-Request-Id on HEAD", !head.header("X-Request-Id").empty());
        // A Content-Length on HEAD, when sent, is the GET's (RFC 9110 8.6).
        if (head.hasHeader("Content-Length") && head.header("Content-Length") != "0")
            CPPUNIT_ASSERT_EQUAL_MESSAGE("[" + ItEnv::front() + "] " + what + ": Content-Length",
                                         std::to_string(get.body.size()),
                                         head.header("Content-Length"));
    }

    void testHeadIsGetWithoutBody() {
        assertSameAnswer("/api/health", http.get("/api/health"), http.send("HEAD", "/api/health"));
        ItUser u = ItEnv::registerUser();
        auto auth = ItEnv::auth(u.accessToken);
        HttpResponse get = http.get("/api/users/me", auth);
        TA_ASSERT_STATUS(200, get);
        HttpResponse head = http.send("HEAD", "/api/users/me", auth);
        TA_ASSERT_STATUS(200, head);
        assertSameAnswer("/api/users/me", get, head);
        assertSameAnswer("/api/v1/users/whoami", http.get("/api/v1/users/whoami", auth),
                         http.send("HEAD", "/api/v1/users/whoami", auth));
    }

    void testHeadFollowsTheRoutePolicy() {
        HttpResponse get = http.get("/api/users/me");
        HttpResponse head = http.send("HEAD", "/api/users/me");
        TA_ASSERT_STATUS(401, head);
        assertSameAnswer("/api/users/me without a token", get, head);
        assertSameAnswer("unknown tenant", http.get("/api/users/me", {}, "nobody.test"),
                         http.send("HEAD", "/api/users/me", {}, "", "nobody.test"));
        HttpResponse nope = http.send("HEAD", "/api/nope");
        TA_ASSERT_STATUS(404, nope);
        TA_ASSERT("404 to HEAD has no body: " + nope.describe(), nope.body.empty());
        // A POST-only route is not a GET route: HEAD is 405 there, like GET.
        HttpResponse login = http.send("HEAD", "/api/auth/login");
        TA_ASSERT_STATUS(405, login);
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), login.header("Allow"));
        TA_ASSERT("405 to HEAD has no body: " + login.describe(), login.body.empty());
    }

    void testAllowListsHeadBesideGet() {
        HttpResponse r =
            http.send("POST", "/api/users/me", {{"Content-Type", "application/json"}}, "{}");
        TA_ASSERT_STATUS(405, r);
        CPPUNIT_ASSERT_EQUAL(std::string("GET, HEAD"), r.header("Allow"));
        HttpResponse keys = http.send("PUT", "/api/api-keys");
        TA_ASSERT_STATUS(405, keys);
        CPPUNIT_ASSERT_EQUAL(std::string("POST, GET, HEAD"), keys.header("Allow"));
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_REGISTRATION(HeadRequestsIT);
