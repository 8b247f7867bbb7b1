// POST /api/auth/refresh: rotation, reuse detection, races.
#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItJwt.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <thread>
#include <vector>

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItJwt;

class RefreshIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RefreshIT);
    CPPUNIT_TEST(testRefreshRotatesTheCookie);
    CPPUNIT_TEST(testReusedTokenRevokesTheFamily);
    CPPUNIT_TEST(testParallelRefreshesWithOneTokenOnlyOneWins);
    CPPUNIT_TEST(testWithoutCookie);
    CPPUNIT_TEST(testGarbageCookie);
    CPPUNIT_TEST(testRefreshTokenOfAnotherTenant);
    CPPUNIT_TEST_SUITE_END();

public:
    HttpResponse refresh(const std::string& token, const std::string& host = "alpha.test") {
        return http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(token), "", host);
    }

    void testRefreshRotatesTheCookie() {
        auto u = ItEnv::registerUser();
        HttpResponse r = refresh(u.refreshToken);
        TA_ASSERT_STATUS(200, r);
        std::string access = r.jsonString("accessToken");
        TA_ASSERT("accessToken: " + r.body, !access.empty());
        auto c = r.cookie("refresh_token");
        TA_ASSERT("new refresh_token cookie", c.present && !c.value.empty());
        TA_ASSERT("rotated", c.value != u.refreshToken);
        TA_ASSERT("HttpOnly " + c.raw, c.has("httponly"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(c.raw, std::string("/"), c.attr("path"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(c.raw, std::string("2592000"), c.attr("max-age"));
        TA_ASSERT("no Secure in development: " + c.raw, !c.has("secure"));
        CPPUNIT_ASSERT_EQUAL(u.id, ItJwt::claims(access)->getValue<std::string>("sub"));
        HttpResponse me = http.get("/api/users/me", ItEnv::auth(access));
        TA_ASSERT_STATUS(200, me);
        // The rotated token works in turn.
        HttpResponse again = refresh(c.value);
        TA_ASSERT_STATUS(200, again);
    }

    void testReusedTokenRevokesTheFamily() {
        auto u = ItEnv::registerUser();
        HttpResponse first = refresh(u.refreshToken);
        TA_ASSERT_STATUS(200, first);
        std::string second = first.cookie("refresh_token").value;
        TA_ASSERT_ERROR(401, "Invalid refresh token", refresh(u.refreshToken));
        TA_ASSERT_ERROR(401, "Invalid refresh token", refresh(second));
        // Other sessions of the same user are another family and keep working.
        auto other = ItEnv::loginUser(u.email, u.password);
        TA_ASSERT_STATUS(200, refresh(other.refreshToken));
    }

    void testParallelRefreshesWithOneTokenOnlyOneWins() {
        auto u = ItEnv::registerUser();
        const int n = 8;
        std::vector<int> statuses(n, -1);
        std::atomic<int> ready{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < n; ++i) {
            threads.emplace_back([&, i] {
                ready++;
                while (ready.load() < n) std::this_thread::yield();
                try {
                    statuses[i] = refresh(u.refreshToken).status;
                } catch (const std::exception&) {
                    statuses[i] = 0;
                }
            });
        }
        for (auto& t : threads) t.join();
        int ok = 0, unauthorized = 0;
        std::string all;
        for (int s : statuses) {
            ok += s == 200;
            unauthorized += s == 401;
            all += std::to_string(s) + " ";
        }
        TA_ASSERT("exactly one 200, the rest 401: " + all, ok == 1 && unauthorized == n - 1);
    }

    void testWithoutCookie() {
        HttpResponse r = http.send("POST", "/api/auth/refresh");
        TA_ASSERT_STATUS(401, r);
        TA_ASSERT("JSON error: " + r.body, !r.jsonString("error").empty());
    }

    void testGarbageCookie() {
        TA_ASSERT_ERROR(401, "Invalid refresh token", refresh("not-a-real-token"));
        TA_ASSERT_ERROR(401, "Invalid refresh token", refresh(std::string(43, 'A')));
    }

    void testRefreshTokenOfAnotherTenant() {
        auto beta = ItEnv::registerUser("beta.test");
        TA_ASSERT_ERROR(401, "Invalid refresh token", refresh(beta.refreshToken, "alpha.test"));
        // Refused elsewhere does not burn it at home.
        TA_ASSERT_STATUS(200, refresh(beta.refreshToken, "beta.test"));
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_REGISTRATION(RefreshIT);
