// POST /api/auth/login.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;

class LoginIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LoginIT);
    CPPUNIT_TEST(testLoginAnswersUserTokenAndCookie);
    CPPUNIT_TEST(testEmailIsCaseInsensitive);
    CPPUNIT_TEST(testWrongPassword);
    CPPUNIT_TEST(testUnknownEmail);
    CPPUNIT_TEST(testMissingAndMistypedFields);
    CPPUNIT_TEST(testSqlLookingInputIsNeverAServerError);
    CPPUNIT_TEST(testEachLoginIsANewSession);
    CPPUNIT_TEST(testAtextEmailsRegisterAndLogIn);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLoginAnswersUserTokenAndCookie() {
        auto reg = ItEnv::registerUser();
        HttpResponse r = ItEnv::login(reg.email, reg.password);
        TA_ASSERT_STATUS(200, r);
        auto body = r.json();
        TA_ASSERT("accessToken: " + r.body, !r.jsonString("accessToken").empty());
        auto user = body->getObject("user");
        TA_ASSERT("user: " + r.body, !user.isNull());
        CPPUNIT_ASSERT_EQUAL(reg.id, user->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(reg.email, user->getValue<std::string>("email"));
        TA_ASSERT("no password material in the user: " + r.body,
                  r.body.find("$2b$") == std::string::npos &&
                      r.body.find("password") == std::string::npos);
        auto c = r.cookie("refresh_token");
        TA_ASSERT("refresh_token cookie", c.present && !c.value.empty());
        TA_ASSERT("HttpOnly " + c.raw, c.has("httponly"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(c.raw, std::string("2592000"), c.attr("max-age"));
        TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(r.jsonString("accessToken"))));
    }

    void testEmailIsCaseInsensitive() {
        auto reg = ItEnv::registerUser();
        std::string upper = reg.email;
        std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
        TA_ASSERT_STATUS(200, ItEnv::login(upper, reg.password));
    }

    void testWrongPassword() {
        auto reg = ItEnv::registerUser();
        TA_ASSERT_ERROR(401, "Invalid email or password",
                        ItEnv::login(reg.email, reg.password + "x"));
    }

    void testUnknownEmail() {
        TA_ASSERT_ERROR(401, "Invalid email or password",
                        ItEnv::login(ItEnv::uniqueEmail("ghost"), ItEnv::password()));
    }

    void testMissingAndMistypedFields() {
        TA_ASSERT_ERROR(400, "email is required",
                        http.postJson("/api/auth/login", "{\"password\":\"Correct-Horse-7\"}"));
        TA_ASSERT_ERROR(400, "password is required",
                        http.postJson("/api/auth/login", "{\"email\":\"someone@example.test\"}"));
        TA_ASSERT_ERROR(
            400, "email must be a string",
            http.postJson("/api/auth/login", "{\"email\":1,\"password\":\"Correct-Horse-7\"}"));
        TA_ASSERT_ERROR(400, "password must be a string",
                        http.postJson("/api/auth/login",
                                      "{\"email\":\"someone@example.test\",\"password\":true}"));
    }

    void testSqlLookingInputIsNeverAServerError() {
        auto victim = ItEnv::registerUser();
        const std::string emails[] = {"' OR '1'='1", victim.email + "' --",
                                      "x@example.test'; DROP TABLE users; --", "\" OR \"\"=\"",
                                      victim.email + "\\"};
        const std::string passwords[] = {"' OR '1'='1' --", "anything' OR 'x'='x",
                                         "Correct-Horse-7'); --"};
        for (const auto& e : emails) {
            for (const auto& p : passwords) {
                HttpResponse r = ItEnv::login(e, p);
                TA_ASSERT("login with " + e + " / " + p + " is 400 or 401: " + r.describe(),
                          r.status == 400 || r.status == 401);
            }
            HttpResponse reg =
                http.postJson("/api/auth/register", ItEnv::credentials(e, "' OR 1=1 --"));
            TA_ASSERT("register with " + e + " is 400 or 409: " + reg.describe(),
                      reg.status == 400 || reg.status == 409);
        }
        TA_ASSERT_STATUS(200, ItEnv::login(victim.email, victim.password));
        TA_ASSERT_STATUS(200, http.get("/api/health"));
    }

    void testEachLoginIsANewSession() {
        auto reg = ItEnv::registerUser();
        HttpResponse a = ItEnv::login(reg.email, reg.password);
        HttpResponse b = ItEnv::login(reg.email, reg.password);
        TA_ASSERT_STATUS(200, a);
        TA_ASSERT_STATUS(200, b);
        TA_ASSERT("two logins, two refresh tokens",
                  a.cookie("refresh_token").value != b.cookie("refresh_token").value);
        // Refreshing one session leaves the other alone.
        HttpResponse ra = http.send("POST", "/api/auth/refresh",
                                    ItEnv::refreshCookie(a.cookie("refresh_token").value));
        TA_ASSERT_STATUS(200, ra);
        HttpResponse rb = http.send("POST", "/api/auth/refresh",
                                    ItEnv::refreshCookie(b.cookie("refresh_token").value));
        TA_ASSERT_STATUS(200, rb);
    }

    void testAtextEmailsRegisterAndLogIn() {
        // RFC 5322 atext in the local part: o'brien, a+tag and the rest are addresses.
        for (const std::string local : {"o'brien", "a+tag", "x!#$%&*/=?^_`{|}~-"}) {
            std::string email = local + "." + ItEnv::uniqueSuffix() + "@example.test";
            TA_ASSERT_STATUS(201, http.postJson("/api/auth/register",
                                                ItEnv::credentials(email, ItEnv::password())));
            TA_ASSERT_STATUS(200, ItEnv::login(email, ItEnv::password()));
        }
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginIT);
