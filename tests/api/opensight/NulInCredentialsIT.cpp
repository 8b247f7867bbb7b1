// A NUL inside a credential would be cut short by C strings (bcrypt stops at it: the
// right password followed by "\0garbage" would log in; "admin\0x" would be admin).
// Every route refuses it, 400 naming the field, in JSON bodies and query parameters.
#include <cppunit/extensions/HelperMacros.h>

#include "HttpClient.h"
#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItUser;

class NulInCredentialsIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(NulInCredentialsIT);
    CPPUNIT_TEST(testRightPasswordWithNulTailDoesNotLogIn);
    CPPUNIT_TEST(testUsernameWithNulTailDoesNotSignIn);
    CPPUNIT_TEST(testEveryJsonCredentialField);
    CPPUNIT_TEST(testQueryParameters);
    CPPUNIT_TEST_SUITE_END();

public:
    static const std::string kNul;  // JSON's \u0000, as sent on the wire

    static void assertNulRefused(const std::string& field, const HttpResponse& r) {
        TA_ASSERT_ERROR(400, field + " must not contain NUL characters", r);
    }

    void testRightPasswordWithNulTailDoesNotLogIn() {
        ItUser u = ItEnv::registerUser();
        HttpResponse r = http.postJson("/api/auth/login", "{\"email\":" + ItEnv::quote(u.email) +
                                                              ",\"password\":\"" + u.password +
                                                              kNul + "garbage\"}");
        assertNulRefused("password", r);
        TA_ASSERT("no token: " + r.describe(), r.jsonString("accessToken").empty());
        assertNulRefused("email",
                         http.postJson("/api/auth/login",
                                       "{\"email\":\"" + u.email + kNul +
                                           "x\",\"password\":" + ItEnv::quote(u.password) + "}"));
    }

    void testUsernameWithNulTailDoesNotSignIn() {
        std::string password = ItEnv::quote(ItAdmin::seededPassword());
        assertNulRefused("username", http.postJson("/api/v1/users/signIn",
                                                   "{\"username\":\"admin" + kNul +
                                                       "x\",\"password\":" + password + "}"));
        assertNulRefused("password", http.postJson("/api/v1/users/signIn",
                                                   "{\"username\":\"admin\",\"password\":\"" +
                                                       ItAdmin::seededPassword() + kNul + "x\"}"));
        // The right credentials still sign in: the refusals above are about the NUL.
        TA_ASSERT_STATUS(200,
                         http.postJson("/api/v1/users/signIn",
                                       "{\"username\":\"admin\",\"password\":" + password + "}"));
    }

    void testEveryJsonCredentialField() {
        ItUser u = ItEnv::registerUser();
        std::string email = ItEnv::quote(u.email), pw = ItEnv::quote(u.password);
        std::string bad = "\"x" + kNul + "y\"";
        struct Case {
            const char* path;
            std::string body;
            const char* field;
            std::string token;
        };
        std::string admin = ItAdmin::token();
        std::vector<Case> cases{
            {"/api/auth/register", "{\"email\":" + bad + ",\"password\":" + pw + "}", "email", ""},
            {"/api/auth/register",
             "{\"email\":\"n" + ItEnv::uniqueSuffix() + "@x.test\",\"password\":\"Correct-Horse" +
                 kNul + "7\"}",
             "password", ""},
            {"/api/auth/login",
             "{\"email\":" + email + ",\"password\":" + pw + ",\"totpToken\":\"123" + kNul +
                 "456\"}",
             "totpToken", ""},
            {"/api/auth/forgot-password", "{\"email\":" + bad + "}", "email", ""},
            {"/api/auth/reset-password", "{\"token\":" + bad + ",\"password\":" + pw + "}", "token",
             ""},
            {"/api/auth/reset-password",
             "{\"token\":\"abc\",\"password\":\"Correct-Horse" + kNul + "7\"}", "password", ""},
            {"/api/auth/verify-email", "{\"token\":" + bad + "}", "token", ""},
            {"/api/auth/google/token", "{\"code\":" + bad + "}", "code", ""},
            {"/api/auth/oauth/2fa", "{\"totpToken\":" + bad + "}", "totpToken", ""},
            {"/api/v1/users/signIn",
             "{\"username\":\"admin\",\"password\":" + pw + ",\"totpToken\":" + bad + "}",
             "totpToken", ""},
            {"/api/v1/users/signUp",
             "{\"username\":" + bad + ",\"password\":" + pw + ",\"email\":\"s" +
                 ItEnv::uniqueSuffix() + "@x.test\"}",
             "username", admin},
            {"/api/v1/users/signUp",
             "{\"username\":\"u" + ItEnv::uniqueSuffix() + "\",\"password\":" + pw +
                 ",\"email\":" + bad + "}",
             "email", admin},
            {"/api/v1/users/2fa/verify", "{\"totpToken\":" + bad + "}", "totpToken", u.accessToken},
            {"/api/v1/users/2fa/disable", "{\"password\":" + bad + ",\"totpToken\":\"123456\"}",
             "password", u.accessToken},
            {"/api/v1/users/2fa/disable", "{\"password\":" + pw + ",\"totpToken\":" + bad + "}",
             "totpToken", u.accessToken},
        };
        for (const Case& c : cases) {
            HttpClient::Headers h;
            if (!c.token.empty()) h = ItEnv::auth(c.token);
            HttpResponse r = http.postJson(c.path, c.body, h);
            TA_ASSERT(std::string(c.path) + " " + c.field + ": " + r.describe(), r.status == 400);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(c.path) + " " + c.field,
                                         std::string(c.field) + " must not contain NUL characters",
                                         r.errorMessage());
        }
    }

    // lighttpd refuses %00 in a query itself (400, its own HTML page); Apache passes it on.
    static void assertQueryNulRefused(const std::string& field, const HttpResponse& r) {
        if (ItEnv::front() == "lighttpd" && r.header("Content-Type").rfind("text/html", 0) == 0) {
            TA_ASSERT_STATUS(400, r);
            return;
        }
        assertNulRefused(field, r);
    }

    void testQueryParameters() {
        assertQueryNulRefused("code", http.get("/api/v1/github/auth?code=abc%00def"));
        assertQueryNulRefused("state", http.get("/api/auth/github/callback?code=abc&state=x%00y"));
        assertQueryNulRefused(
            "type", http.get("/api/admin/audit?type=login%00", ItEnv::auth(ItAdmin::token())));
    }

private:
    HttpClient http;
};

const std::string NulInCredentialsIT::kNul = "\\u0000";

CPPUNIT_TEST_SUITE_REGISTRATION(NulInCredentialsIT);
