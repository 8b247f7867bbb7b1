// POST /api/v1/users/signIn: answer shape, cookies, the Node-RED token and refusals.
#include "StatusItHelpers.h"

#include <cppunit/extensions/HelperMacros.h>

namespace {

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::HttpSetCookie;
using ta::test::ItEnv;
using ta::test::ItJwt;
using ta::test::StatusItHelpers;
using ta::test::StatusUser;

const std::vector<std::string> kSignInKeys = {"accessToken",   "authority",    "email",       "nodeRedAccess",
                                               "nodeRedToken", "refreshToken", "username"};

void assertSessionCookie(const HttpResponse& r, const std::string& name, const std::string& expectedValue,
                         const std::string& maxAge) {
    HttpSetCookie c = r.cookie(name);
    TA_ASSERT("Set-Cookie " + name + " missing in " + r.describe(), c.present);
    TA_ASSERT("cookie " + name + " value differs from the body's: " + c.raw, c.value == expectedValue);
    TA_ASSERT("cookie " + name + " Max-Age: " + c.raw, c.has("max-age") && c.attr("max-age") == maxAge);
    TA_ASSERT("cookie " + name + " HttpOnly: " + c.raw, c.has("httponly"));
    TA_ASSERT("cookie " + name + " SameSite=Lax: " + c.raw, c.has("samesite") && c.attr("samesite") == "Lax");
    TA_ASSERT("cookie " + name + " Path=/: " + c.raw, c.has("path") && c.attr("path") == "/");
    TA_ASSERT("cookie " + name + " must not be Secure in development: " + c.raw, !c.has("secure"));
}

}  // namespace

class StatusSignInIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StatusSignInIT);
    CPPUNIT_TEST(adminByUsernameGetsTokensAndCookies);
    CPPUNIT_TEST(adminByEmail);
    CPPUNIT_TEST(nodeRedTokenIsANodeRedJwt);
    CPPUNIT_TEST(developerGetsNodeRedAccess);
    CPPUNIT_TEST(userGetsNoNodeRedToken);
    CPPUNIT_TEST(wrongPasswordIs401);
    CPPUNIT_TEST(unknownUserIs401);
    CPPUNIT_TEST(nodeRedTokenIsNoAccessToken);
    CPPUNIT_TEST_SUITE_END();

public:
    void adminByUsernameGetsTokensAndCookies() {
        HttpResponse r = StatusItHelpers::signIn(client_, "admin", StatusItHelpers::adminPassword());
        STATUS_ASSERT_CODE(200, r);
        TA_ASSERT("Content-Type " + r.header("Content-Type"), r.header("Content-Type").rfind("application/json", 0) == 0);
        auto o = r.json();
        TA_ASSERT("keys " + StatusItHelpers::joined(StatusItHelpers::keys(o)), StatusItHelpers::keys(o) == kSignInKeys);
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), r.jsonString("username"));
        CPPUNIT_ASSERT_EQUAL(std::string("admin@alpha.test"), r.jsonString("email"));
        CPPUNIT_ASSERT_EQUAL(std::string("ADMIN"), r.jsonString("authority"));
        TA_ASSERT("nodeRedAccess true: " + r.body, o->get("nodeRedAccess").isBoolean() && o->getValue<bool>("nodeRedAccess"));
        std::string access = r.jsonString("accessToken"), refresh = r.jsonString("refreshToken"),
                    nodeRed = r.jsonString("nodeRedToken");
        TA_ASSERT("tokens present: " + r.body, !access.empty() && !refresh.empty() && !nodeRed.empty());
        assertSessionCookie(r, "accessToken", access, "900");
        assertSessionCookie(r, "refreshToken", refresh, "2592000");
        assertSessionCookie(r, "nodeRedToken", nodeRed, "604800");

        auto claims = ItJwt::claims(access);
        CPPUNIT_ASSERT_EQUAL(std::string("alpha"), claims->getValue<std::string>("tid"));
        CPPUNIT_ASSERT_EQUAL(std::string("ADMIN"), claims->getValue<std::string>("authority"));
        TA_ASSERT("access token lifetime 900 s",
                  claims->getValue<std::int64_t>("exp") - claims->getValue<std::int64_t>("iat") == 900);
        // The access token works.
        STATUS_ASSERT_CODE(200, client_.get("/api/v1/users/whoami", ItEnv::auth(access)));
    }

    void adminByEmail() {
        HttpResponse r = StatusItHelpers::signIn(client_, "admin@alpha.test", StatusItHelpers::adminPassword());
        STATUS_ASSERT_CODE(200, r);
        CPPUNIT_ASSERT_EQUAL(std::string("admin"), r.jsonString("username"));
        CPPUNIT_ASSERT_EQUAL(std::string("admin@alpha.test"), r.jsonString("email"));
        CPPUNIT_ASSERT_EQUAL(std::string("ADMIN"), r.jsonString("authority"));
    }

    void nodeRedTokenIsANodeRedJwt() {
        HttpResponse r = StatusItHelpers::signIn(client_, "admin", StatusItHelpers::adminPassword());
        STATUS_ASSERT_CODE(200, r);
        std::string nodeRed = r.jsonString("nodeRedToken");
        TA_ASSERT("three JWT parts: " + nodeRed, ItJwt::split(nodeRed).size() == 3);
        auto claims = ItJwt::claims(nodeRed);
        TA_ASSERT("aud node-red: " + ItJwt::stringify(claims),
                  claims->has("aud") && claims->get("aud").isString() && claims->getValue<std::string>("aud") == "node-red");
        TA_ASSERT("exp - iat = 604800: " + ItJwt::stringify(claims),
                  claims->getValue<std::int64_t>("exp") - claims->getValue<std::int64_t>("iat") == 604800);
        CPPUNIT_ASSERT_EQUAL(std::string("HS256"), ItJwt::header(nodeRed)->getValue<std::string>("alg"));
    }

    void developerGetsNodeRedAccess() {
        StatusUser dev = StatusItHelpers::createUser(client_, "DEVELOPER");
        HttpResponse r = StatusItHelpers::signIn(client_, dev.username, dev.password);
        STATUS_ASSERT_CODE(200, r);
        auto o = r.json();
        TA_ASSERT("keys " + StatusItHelpers::joined(StatusItHelpers::keys(o)), StatusItHelpers::keys(o) == kSignInKeys);
        CPPUNIT_ASSERT_EQUAL(dev.username, r.jsonString("username"));
        CPPUNIT_ASSERT_EQUAL(dev.email, r.jsonString("email"));
        CPPUNIT_ASSERT_EQUAL(std::string("DEVELOPER"), r.jsonString("authority"));
        TA_ASSERT("nodeRedAccess true: " + r.body, o->get("nodeRedAccess").isBoolean() && o->getValue<bool>("nodeRedAccess"));
        std::string nodeRed = r.jsonString("nodeRedToken");
        TA_ASSERT("nodeRedToken: " + r.body, !nodeRed.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("node-red"), ItJwt::claims(nodeRed)->getValue<std::string>("aud"));
        assertSessionCookie(r, "nodeRedToken", nodeRed, "604800");
    }

    void userGetsNoNodeRedToken() {
        StatusUser user = StatusItHelpers::createUser(client_, "USER");
        HttpResponse r = StatusItHelpers::signIn(client_, user.email, user.password);
        STATUS_ASSERT_CODE(200, r);
        auto o = r.json();
        TA_ASSERT("keys " + StatusItHelpers::joined(StatusItHelpers::keys(o)), StatusItHelpers::keys(o) == kSignInKeys);
        CPPUNIT_ASSERT_EQUAL(user.username, r.jsonString("username"));
        CPPUNIT_ASSERT_EQUAL(std::string("USER"), r.jsonString("authority"));
        TA_ASSERT("nodeRedToken null: " + r.body, o->isNull("nodeRedToken"));
        TA_ASSERT("nodeRedAccess false: " + r.body,
                  o->get("nodeRedAccess").isBoolean() && !o->getValue<bool>("nodeRedAccess"));
        TA_ASSERT("no nodeRedToken cookie: " + r.cookie("nodeRedToken").raw, !r.cookie("nodeRedToken").present);
        assertSessionCookie(r, "accessToken", r.jsonString("accessToken"), "900");
        assertSessionCookie(r, "refreshToken", r.jsonString("refreshToken"), "2592000");
    }

    void wrongPasswordIs401() {
        // A fresh user, so failures never count against the seeded admin.
        StatusUser user = StatusItHelpers::createUser(client_, "USER");
        HttpResponse r = StatusItHelpers::signIn(client_, user.username, user.password + "x");
        STATUS_ASSERT_MESSAGE(401, "Invalid password or user not found", r);
        TA_ASSERT("no cookies on failure", r.headerValues("Set-Cookie").empty());
        STATUS_ASSERT_MESSAGE(401, "Invalid password or user not found",
                              StatusItHelpers::signIn(client_, user.email, "Wrong-Password-1"));
    }

    void unknownUserIs401() {
        STATUS_ASSERT_MESSAGE(401, "Invalid password or user not found",
                              StatusItHelpers::signIn(client_, StatusItHelpers::uniqueUsername("nobody"),
                                                      ItEnv::password()));
        STATUS_ASSERT_MESSAGE(401, "Invalid password or user not found",
                              StatusItHelpers::signIn(client_, "nobody@alpha.test", ItEnv::password()));
    }

    void nodeRedTokenIsNoAccessToken() {
        HttpResponse r = StatusItHelpers::signIn(client_, "admin", StatusItHelpers::adminPassword());
        STATUS_ASSERT_CODE(200, r);
        std::string nodeRed = r.jsonString("nodeRedToken");
        STATUS_ASSERT_MESSAGE(401, "Unauthorized: Invalid token",
                              client_.get("/api/v1/users/whoami", ItEnv::auth(nodeRed)));
        STATUS_ASSERT_MESSAGE(401, "Unauthorized: Invalid token",
                              client_.get("/api/v1/users/whoami", {{"Cookie", "accessToken=" + nodeRed}}));
        STATUS_ASSERT_CODE(401, client_.get("/api/users/me", ItEnv::auth(nodeRed)));
        // Nor does it open admin-only routes.
        STATUS_ASSERT_CODE(401, client_.postJson("/api/v1/users/signUp",
                                               StatusItHelpers::signUpBody(StatusItHelpers::uniqueUsername("nr"),
                                                                           ItEnv::password(),
                                                                           ItEnv::uniqueEmail("nr"), "USER"),
                                               ItEnv::auth(nodeRed)));
    }

private:
    HttpClient client_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusSignInIT);
