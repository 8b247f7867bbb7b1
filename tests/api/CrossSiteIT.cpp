// Cookie-authenticated state changes sent by another origin (security review, issue
// 10): /api/auth/refresh and /logout, and under /api/v1 auth/refresh, signOut and
// 2fa/setup|verify|disable answer 403 when Sec-Fetch-Site or Origin says another
// origin (a sibling subdomain is the same *site*, so SameSite=Lax cookies ride along).
// Requests with neither header (curl, servers) and Bearer requests are unaffected.
#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "status/StatusItHelpers.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::StatusItHelpers;
using ta::test::StatusUser;

namespace {
constexpr const char* kRefused =
    "Cross-site request refused: Origin or Sec-Fetch-Site is not this site";

using Headers = HttpClient::Headers;

// What browsers send for a request made by a page of another origin.
const std::vector<Headers>& foreignSenders() {
    static const std::vector<Headers> senders{
        {{"Origin", "null"}},
        {{"Sec-Fetch-Site", "cross-site"}},
        {{"Sec-Fetch-Site", "cross-site"}, {"Origin", "https://evil.example"}},
        {{"Sec-Fetch-Site", "same-site"}, {"Origin", "http://evil.alpha.test"}},
        {{"Sec-Fetch-Site", "same-site"}},  // a GET from <img>: no Origin
        {{"Origin", "http://evil.alpha.test"}},
        {{"Origin", "http://alpha.test.evil.example"}},
        {{"Origin", "https://alpha.test"}},  // another scheme is another origin
        {{"Origin", "http://alpha.test:8081"}},
    };
    return senders;
}

Headers with(Headers h, const Headers& more) {
    h.insert(h.end(), more.begin(), more.end());
    return h;
}

std::string describe(const Headers& h) {
    std::string out;
    for (const auto& [k, v] : h) out += k + ": " + v + "; ";
    return out;
}
}  // namespace

class CrossSiteIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CrossSiteIT);
    CPPUNIT_TEST(testRefreshFromAnotherOriginIsRefused);
    CPPUNIT_TEST(testRefreshFromItsOwnOriginWorks);
    CPPUNIT_TEST(testLogoutByCookieOnlyIsRefusedButBearerIsNot);
    CPPUNIT_TEST(testStatusSessionRoutesFromAnotherOriginAreRefused);
    CPPUNIT_TEST(testTwoFactorByCookieIsRefusedButBearerIsNot);
    CPPUNIT_TEST(testOtherRoutesIgnoreOrigin);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRefreshFromAnotherOriginIsRefused() {
        auto u = ItEnv::registerUser();
        std::string wrong;
        for (const Headers& sender : foreignSenders()) {
            HttpResponse r = http.send("POST", "/api/auth/refresh",
                                       with(ItEnv::refreshCookie(u.refreshToken), sender));
            if (r.status != 403 || r.errorMessage() != kRefused)
                wrong += "\n  " + describe(sender) + "-> " + r.describe();
        }
        TA_ASSERT("[" + ItEnv::front() + "] not refused:" + wrong, wrong.empty());
        // Nothing was rotated or revoked by the refused attempts.
        TA_ASSERT_STATUS(
            200, http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(u.refreshToken)));
    }

    void testRefreshFromItsOwnOriginWorks() {
        auto u = ItEnv::registerUser();
        HttpResponse r =
            http.send("POST", "/api/auth/refresh",
                      with(ItEnv::refreshCookie(u.refreshToken),
                           {{"Origin", "http://alpha.test"}, {"Sec-Fetch-Site", "same-origin"}}));
        TA_ASSERT_STATUS(200, r);
        // With a port in Host, the own origin carries it.
        r = http.send("POST", "/api/auth/refresh",
                      with(ItEnv::refreshCookie(r.cookie("refresh_token").value),
                           {{"Origin", "http://alpha.test:8080"}}),
                      "", "alpha.test:8080");
        TA_ASSERT_STATUS(200, r);
        // A user typing the URL (Sec-Fetch-Site: none) is not another origin.
        TA_ASSERT_STATUS(200, http.send("POST", "/api/auth/refresh",
                                        with(ItEnv::refreshCookie(r.cookie("refresh_token").value),
                                             {{"Sec-Fetch-Site", "none"}})));
    }

    // A Bearer cannot be sent by another site's page, so a logout carrying one is not
    // cross-site forgeable; without one it is refused before the 401.
    void testLogoutByCookieOnlyIsRefusedButBearerIsNot() {
        auto u = ItEnv::registerUser();
        Headers null{{"Origin", "null"}};
        TA_ASSERT_ERROR(403, kRefused,
                        http.send("POST", "/api/auth/logout",
                                  with(ItEnv::refreshCookie(u.refreshToken), null)));
        Headers h = with(ItEnv::auth(u.accessToken), null);
        h.emplace_back("Cookie", "refresh_token=" + u.refreshToken);
        TA_ASSERT_STATUS(200, http.send("POST", "/api/auth/logout", h));
    }

    void testStatusSessionRoutesFromAnotherOriginAreRefused() {
        StatusUser u = StatusItHelpers::createUser(http, "USER");
        Headers cookie{{"Cookie", "refreshToken=" + u.refreshToken}};
        std::string wrong;
        for (const char* path : {"/api/v1/users/signOut", "/api/v1/users/auth/refresh"})
            for (const Headers& sender : foreignSenders()) {
                HttpResponse r = http.get(path, with(cookie, sender));
                if (r.status != 403 || r.jsonString("message") != kRefused)
                    wrong += "\n  GET " + std::string(path) + " " + describe(sender) + "-> " +
                             r.describe();
            }
        TA_ASSERT("[" + ItEnv::front() + "] not refused:" + wrong, wrong.empty());
        // Still signed in: the refused signOuts revoked nothing; from the own origin it works.
        STATUS_ASSERT_CODE(204, http.get("/api/v1/users/signOut",
                                         with(cookie, {{"Origin", "http://alpha.test"},
                                                       {"Sec-Fetch-Site", "same-origin"}})));
    }

    void testTwoFactorByCookieIsRefusedButBearerIsNot() {
        StatusUser u = StatusItHelpers::createUser(http, "ADMIN");
        Headers cookie{{"Cookie", "accessToken=" + u.accessToken}};
        Headers sibling{{"Sec-Fetch-Site", "same-site"}, {"Origin", "http://evil.alpha.test"}};
        STATUS_ASSERT_MESSAGE(403, kRefused,
                              http.send("POST", "/api/v1/users/2fa/setup", with(cookie, sibling)));
        STATUS_ASSERT_MESSAGE(403, kRefused,
                              http.postJson("/api/v1/users/2fa/verify",
                                            "{\"totpToken\":\"123456\"}", with(cookie, sibling)));
        STATUS_ASSERT_MESSAGE(403, kRefused,
                              http.postJson("/api/v1/users/2fa/disable",
                                            "{\"password\":" + ItEnv::quote(u.password) +
                                                ",\"totpToken\":\"123456\"}",
                                            with(cookie, {{"Origin", "null"}})));
        // The same cookie from the site's own pages, and a Bearer from anywhere, work.
        STATUS_ASSERT_CODE(200, http.send("POST", "/api/v1/users/2fa/setup",
                                          with(cookie, {{"Origin", "http://alpha.test"}})));
        STATUS_ASSERT_CODE(200, http.send("POST", "/api/v1/users/2fa/setup",
                                          with(ItEnv::auth(u.accessToken), sibling)));
    }

    void testOtherRoutesIgnoreOrigin() {
        auto u = ItEnv::registerUser();
        TA_ASSERT_STATUS(200, http.get("/api/users/me", with(ItEnv::auth(u.accessToken),
                                                             {{"Origin", "null"},
                                                              {"Sec-Fetch-Site", "cross-site"}})));
        TA_ASSERT_STATUS(200, http.send("POST", "/api/auth/login",
                                        {{"Content-Type", "application/json"},
                                         {"Origin", "https://other.example"}},
                                        ItEnv::credentials(u.email, u.password)));
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_REGISTRATION(CrossSiteIT);
