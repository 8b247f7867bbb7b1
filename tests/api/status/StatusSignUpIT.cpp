// POST /api/v1/users/signUp: admin-only user creation.
#include "StatusItHelpers.h"

#include <cppunit/extensions/HelperMacros.h>

namespace {

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::StatusItHelpers;
using ta::test::StatusUser;

}  // namespace

class StatusSignUpIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StatusSignUpIT);
    CPPUNIT_TEST(adminCreatesEachAuthority);
    CPPUNIT_TEST(createdUserCanSignIn);
    CPPUNIT_TEST(accessTokenCookieWorks);
    CPPUNIT_TEST(withoutTokenIs401);
    CPPUNIT_TEST(userIsForbidden);
    CPPUNIT_TEST(developerIsForbidden);
    CPPUNIT_TEST(duplicateUsernameIs400);
    CPPUNIT_TEST(unknownAuthorityIs400);
    CPPUNIT_TEST_SUITE_END();

public:
    void adminCreatesEachAuthority() {
        std::string admin = StatusItHelpers::adminToken(client_);
        for (const char* authority : {"USER", "DEVELOPER", "ADMIN"}) {
            std::string name = StatusItHelpers::uniqueUsername("su");
            HttpResponse r = client_.postJson(
                "/api/v1/users/signUp",
                StatusItHelpers::signUpBody(name, ItEnv::password(), name + "@example.test", authority),
                ItEnv::auth(admin));
            STATUS_ASSERT_MESSAGE(201,
                                  "User " + name + " created successfully with authority " + std::string(authority), r);
        }
    }

    void createdUserCanSignIn() {
        std::string admin = StatusItHelpers::adminToken(client_);
        std::string name = StatusItHelpers::uniqueUsername("su");
        std::string email = name + "@example.test";
        STATUS_ASSERT_MESSAGE(201, "User " + name + " created successfully with authority DEVELOPER",
                              client_.postJson("/api/v1/users/signUp",
                                               StatusItHelpers::signUpBody(name, ItEnv::password(), email, "DEVELOPER"),
                                               ItEnv::auth(admin)));
        HttpResponse byName = StatusItHelpers::signIn(client_, name, ItEnv::password());
        STATUS_ASSERT_CODE(200, byName);
        CPPUNIT_ASSERT_EQUAL(name, byName.jsonString("username"));
        CPPUNIT_ASSERT_EQUAL(email, byName.jsonString("email"));
        CPPUNIT_ASSERT_EQUAL(std::string("DEVELOPER"), byName.jsonString("authority"));
        HttpResponse byEmail = StatusItHelpers::signIn(client_, email, ItEnv::password());
        STATUS_ASSERT_CODE(200, byEmail);
        CPPUNIT_ASSERT_EQUAL(name, byEmail.jsonString("username"));
        // The user lives in alpha only.
        STATUS_ASSERT_MESSAGE(401, "Invalid password or user not found",
                              StatusItHelpers::signIn(client_, name, ItEnv::password(), "beta.test"));
    }

    void accessTokenCookieWorks() {
        std::string admin = StatusItHelpers::adminToken(client_);
        std::string name = StatusItHelpers::uniqueUsername("su");
        STATUS_ASSERT_MESSAGE(201, "User " + name + " created successfully with authority USER",
                              client_.postJson("/api/v1/users/signUp",
                                               StatusItHelpers::signUpBody(name, ItEnv::password(),
                                                                           name + "@example.test", "USER"),
                                               {{"Cookie", "accessToken=" + admin}}));
        STATUS_ASSERT_CODE(200, StatusItHelpers::signIn(client_, name, ItEnv::password()));
    }

    void withoutTokenIs401() {
        std::string name = StatusItHelpers::uniqueUsername("su");
        HttpResponse r = client_.postJson(
            "/api/v1/users/signUp",
            StatusItHelpers::signUpBody(name, ItEnv::password(), name + "@example.test", "ADMIN"));
        STATUS_ASSERT_SOME_MESSAGE(401, r);
        STATUS_ASSERT_MESSAGE(401, "Invalid password or user not found",
                              StatusItHelpers::signIn(client_, name, ItEnv::password()));
        STATUS_ASSERT_SOME_MESSAGE(
            401, client_.postJson("/api/v1/users/signUp",
                                  StatusItHelpers::signUpBody(name, ItEnv::password(), name + "@example.test", "ADMIN"),
                                  ItEnv::auth("not.a.jwt")));
    }

    void userIsForbidden() {
        StatusUser user = StatusItHelpers::createUser(client_, "USER");
        std::string name = StatusItHelpers::uniqueUsername("su");
        HttpResponse r = client_.postJson(
            "/api/v1/users/signUp",
            StatusItHelpers::signUpBody(name, ItEnv::password(), name + "@example.test", "ADMIN"),
            ItEnv::auth(user.accessToken));
        STATUS_ASSERT_MESSAGE(403, "Admin privileges required", r);
        STATUS_ASSERT_MESSAGE(403, "Admin privileges required",
                              client_.postJson("/api/v1/users/signUp",
                                               StatusItHelpers::signUpBody(name, ItEnv::password(),
                                                                           name + "@example.test", "USER"),
                                               {{"Cookie", "accessToken=" + user.accessToken}}));
        STATUS_ASSERT_MESSAGE(401, "Invalid password or user not found",
                              StatusItHelpers::signIn(client_, name, ItEnv::password()));
    }

    void developerIsForbidden() {
        StatusUser dev = StatusItHelpers::createUser(client_, "DEVELOPER");
        std::string name = StatusItHelpers::uniqueUsername("su");
        STATUS_ASSERT_MESSAGE(403, "Admin privileges required",
                              client_.postJson("/api/v1/users/signUp",
                                               StatusItHelpers::signUpBody(name, ItEnv::password(),
                                                                           name + "@example.test", "USER"),
                                               ItEnv::auth(dev.accessToken)));
    }

    void duplicateUsernameIs400() {
        std::string admin = StatusItHelpers::adminToken(client_);
        std::string name = StatusItHelpers::uniqueUsername("su");
        STATUS_ASSERT_CODE(201, client_.postJson("/api/v1/users/signUp",
                                               StatusItHelpers::signUpBody(name, ItEnv::password(),
                                                                           name + "@example.test", "USER"),
                                               ItEnv::auth(admin)));
        // Same username, another email.
        HttpResponse r = client_.postJson(
            "/api/v1/users/signUp",
            StatusItHelpers::signUpBody(name, "Other-Password-9", name + ".other@example.test", "ADMIN"),
            ItEnv::auth(admin));
        STATUS_ASSERT_MESSAGE(400, "Username already exists", r);
        // The first account is untouched.
        HttpResponse s = StatusItHelpers::signIn(client_, name, ItEnv::password());
        STATUS_ASSERT_CODE(200, s);
        CPPUNIT_ASSERT_EQUAL(std::string("USER"), s.jsonString("authority"));
        STATUS_ASSERT_MESSAGE(401, "Invalid password or user not found",
                              StatusItHelpers::signIn(client_, name, "Other-Password-9"));
    }

    void unknownAuthorityIs400() {
        std::string admin = StatusItHelpers::adminToken(client_);
        for (const char* authority : {"ROOT", "SUPERADMIN", "admin ", ""}) {
            std::string name = StatusItHelpers::uniqueUsername("su");
            HttpResponse r = client_.postJson(
                "/api/v1/users/signUp",
                StatusItHelpers::signUpBody(name, ItEnv::password(), name + "@example.test", authority),
                ItEnv::auth(admin));
            STATUS_ASSERT_SOME_MESSAGE(400, r);
            TA_ASSERT("message names the authority field: " + r.describe(),
                      r.jsonString("message").find("authority") != std::string::npos);
            STATUS_ASSERT_MESSAGE(401, "Invalid password or user not found",
                                  StatusItHelpers::signIn(client_, name, ItEnv::password()));
        }
    }

private:
    HttpClient client_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusSignUpIT);
