// POST /api/auth/logout.
#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

#include <cppunit/extensions/HelperMacros.h>

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;

class LogoutIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LogoutIT);
    CPPUNIT_TEST(testLogoutNeedsBearer);
    CPPUNIT_TEST(testLogoutClearsCookieAndRevokesRefreshToken);
    CPPUNIT_TEST(testLogoutLeavesSomeoneElsesSessionAlone);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLogoutNeedsBearer() {
        auto u = ItEnv::registerUser();
        TA_ASSERT_ERROR(401, "Unauthorized", http.send("POST", "/api/auth/logout", ItEnv::refreshCookie(u.refreshToken)));
        // Not logged out by the refused attempt.
        TA_ASSERT_STATUS(200, http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(u.refreshToken)));
    }

    void testLogoutClearsCookieAndRevokesRefreshToken() {
        auto u = ItEnv::registerUser();
        HttpClient::Headers h = ItEnv::auth(u.accessToken);
        h.emplace_back("Cookie", "refresh_token=" + u.refreshToken);
        HttpResponse r = http.send("POST", "/api/auth/logout", h);
        TA_ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(std::string("Logged out successfully"), r.jsonString("message"));
        auto c = r.cookie("refresh_token");
        TA_ASSERT("cookie cleared: " + c.raw, c.present && c.value.empty() && c.attr("max-age") == "0");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(c.raw, std::string("/"), c.attr("path"));
        TA_ASSERT_ERROR(401, "Invalid refresh token",
                        http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(u.refreshToken)));
    }

    void testLogoutLeavesSomeoneElsesSessionAlone() {
        auto mallory = ItEnv::registerUser();
        auto victim = ItEnv::registerUser();
        HttpClient::Headers h = ItEnv::auth(mallory.accessToken);
        h.emplace_back("Cookie", "refresh_token=" + victim.refreshToken);
        TA_ASSERT_STATUS(200, http.send("POST", "/api/auth/logout", h));
        // The victim's session survives; only the caller's own tokens can be revoked.
        TA_ASSERT_STATUS(200, http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(victim.refreshToken)));
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LogoutIT);
