// GET /api/v1/users/auth/refresh and GET /api/v1/users/signOut: refresh-token rotation,
// reuse detection and sign-out.
#include "StatusItHelpers.h"

#include <cppunit/extensions/HelperMacros.h>

namespace {

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::HttpSetCookie;
using ta::test::ItEnv;
using ta::test::StatusItHelpers;
using ta::test::StatusUser;

HttpClient::Headers refreshCookie(const std::string& token) { return {{"Cookie", "refreshToken=" + token}}; }

}  // namespace

class StatusSessionIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StatusSessionIT);
    CPPUNIT_TEST(refreshRotatesTokens);
    CPPUNIT_TEST(refreshWithoutCookieIs400);
    CPPUNIT_TEST(refreshWithGarbageIs403);
    CPPUNIT_TEST(reusedRefreshTokenRevokesFamily);
    CPPUNIT_TEST(signOutClearsCookiesAndRevokes);
    CPPUNIT_TEST(signOutWithoutCookieIs400);
    CPPUNIT_TEST(signOutUnknownTokenIs404);
    CPPUNIT_TEST_SUITE_END();

public:
    void refreshRotatesTokens() {
        StatusUser u = StatusItHelpers::createUser(client_, "USER");
        HttpResponse r = client_.get("/api/v1/users/auth/refresh", refreshCookie(u.refreshToken));
        STATUS_ASSERT_CODE(200, r);
        auto o = r.json();
        TA_ASSERT("keys " + StatusItHelpers::joined(StatusItHelpers::keys(o)),
                  StatusItHelpers::keys(o) == std::vector<std::string>{"accessToken"});
        std::string access = r.jsonString("accessToken");
        HttpSetCookie ac = r.cookie("accessToken"), rc = r.cookie("refreshToken");
        TA_ASSERT("accessToken cookie: " + ac.raw, ac.present && ac.value == access && ac.attr("max-age") == "900" &&
                                                       ac.has("httponly") && ac.attr("samesite") == "Lax" &&
                                                       ac.attr("path") == "/" && !ac.has("secure"));
        TA_ASSERT("refreshToken cookie: " + rc.raw, rc.present && !rc.value.empty() &&
                                                        rc.attr("max-age") == "2592000" && rc.has("httponly") &&
                                                        rc.attr("samesite") == "Lax" && rc.attr("path") == "/" &&
                                                        !rc.has("secure"));
        TA_ASSERT("refresh token rotated", rc.value != u.refreshToken);
        HttpResponse who = client_.get("/api/v1/users/whoami", ItEnv::auth(access));
        STATUS_ASSERT_CODE(200, who);
        CPPUNIT_ASSERT_EQUAL(u.username, who.jsonString("username"));
        // The rotated token refreshes again.
        STATUS_ASSERT_CODE(200, client_.get("/api/v1/users/auth/refresh", refreshCookie(rc.value)));
    }

    void refreshWithoutCookieIs400() {
        STATUS_ASSERT_MESSAGE(400, "No refresh token provided", client_.get("/api/v1/users/auth/refresh"));
        STATUS_ASSERT_MESSAGE(400, "No refresh token provided",
                              client_.get("/api/v1/users/auth/refresh", {{"Cookie", "other=1"}}));
    }

    void refreshWithGarbageIs403() {
        STATUS_ASSERT_MESSAGE(403, "Invalid or expired refresh token",
                              client_.get("/api/v1/users/auth/refresh", refreshCookie("garbage-token-value")));
        STATUS_ASSERT_MESSAGE(403, "Invalid or expired refresh token",
                              client_.get("/api/v1/users/auth/refresh", refreshCookie(std::string(300, 'A'))));
        // A refresh token of tenant beta is unknown at alpha.
        StatusUser b = StatusItHelpers::createUser(client_, "USER", "beta.test");
        STATUS_ASSERT_MESSAGE(403, "Invalid or expired refresh token",
                              client_.get("/api/v1/users/auth/refresh", refreshCookie(b.refreshToken)));
        STATUS_ASSERT_CODE(200, client_.get("/api/v1/users/auth/refresh", refreshCookie(b.refreshToken), "beta.test"));
    }

    void reusedRefreshTokenRevokesFamily() {
        StatusUser u = StatusItHelpers::createUser(client_, "USER");
        HttpResponse first = client_.get("/api/v1/users/auth/refresh", refreshCookie(u.refreshToken));
        STATUS_ASSERT_CODE(200, first);
        std::string next = first.cookie("refreshToken").value;
        TA_ASSERT("rotated token: " + first.cookie("refreshToken").raw, !next.empty() && next != u.refreshToken);
        STATUS_ASSERT_MESSAGE(403, "Invalid or expired refresh token",
                              client_.get("/api/v1/users/auth/refresh", refreshCookie(u.refreshToken)));
        STATUS_ASSERT_MESSAGE(403, "Invalid or expired refresh token",
                              client_.get("/api/v1/users/auth/refresh", refreshCookie(next)));
        // Another login of the same user is another family and still works.
        HttpResponse again = StatusItHelpers::signIn(client_, u.username, u.password);
        STATUS_ASSERT_CODE(200, again);
        STATUS_ASSERT_CODE(200, client_.get("/api/v1/users/auth/refresh", refreshCookie(again.jsonString("refreshToken"))));
    }

    void signOutClearsCookiesAndRevokes() {
        StatusUser u = StatusItHelpers::createUser(client_, "ADMIN");
        HttpResponse r = client_.get("/api/v1/users/signOut", refreshCookie(u.refreshToken));
        STATUS_ASSERT_CODE(204, r);
        TA_ASSERT("204 without body: " + r.body, r.body.empty());
        for (const char* name : {"accessToken", "refreshToken", "nodeRedToken"}) {
            HttpSetCookie c = r.cookie(name);
            TA_ASSERT(std::string("cleared cookie ") + name + ": " + c.raw,
                      c.present && c.value.empty() && c.has("max-age") && c.attr("max-age") == "0" &&
                          c.attr("path") == "/");
        }
        STATUS_ASSERT_MESSAGE(403, "Invalid or expired refresh token",
                              client_.get("/api/v1/users/auth/refresh", refreshCookie(u.refreshToken)));
    }

    void signOutWithoutCookieIs400() {
        STATUS_ASSERT_MESSAGE(400, "No refresh token provided", client_.get("/api/v1/users/signOut"));
    }

    void signOutUnknownTokenIs404() {
        STATUS_ASSERT_MESSAGE(404, "No user found for provided refresh token",
                              client_.get("/api/v1/users/signOut", refreshCookie("unknown-refresh-token-value")));
    }

private:
    HttpClient client_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusSessionIT);
