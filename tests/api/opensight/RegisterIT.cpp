// POST /api/auth/register: the answer's shape, the cookie, the access token, and
// every way the input can be wrong.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <ctime>
#include <regex>
#include <set>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItJwt.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItJwt;

class RegisterIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RegisterIT);
    CPPUNIT_TEST(testAnswersUserAndAccessToken);
    CPPUNIT_TEST(testUserObjectHasExactlyTheContractKeys);
    CPPUNIT_TEST(testRefreshCookieAttributes);
    CPPUNIT_TEST(testAccessTokenHeaderAndClaims);
    CPPUNIT_TEST(testAccessTokenWorksForUsersMe);
    CPPUNIT_TEST(testDuplicateEmailIsConflictCaseInsensitively);
    CPPUNIT_TEST(testMissingEmail);
    CPPUNIT_TEST(testMissingPassword);
    CPPUNIT_TEST(testEmailMustBeString);
    CPPUNIT_TEST(testPasswordMustBeString);
    CPPUNIT_TEST(testFullNameMustBeString);
    CPPUNIT_TEST(testInvalidEmail);
    CPPUNIT_TEST(testPasswordLengthBounds);
    CPPUNIT_TEST(testCharsetInContentTypeIsAccepted);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAnswersUserAndAccessToken() {
        std::string email = ItEnv::uniqueEmail("ada");
        HttpResponse r = http.postJson("/api/auth/register",
                                       "{\"email\":" + ItEnv::quote(email) +
                                           ",\"password\":" + ItEnv::quote(ItEnv::password()) +
                                           ",\"full_name\":\"Ada Lovelace\"}");
        TA_ASSERT_STATUS(201, r);
        TA_ASSERT("Content-Type " + r.header("Content-Type"),
                  r.header("Content-Type").rfind("application/json", 0) == 0);
        auto body = r.json();
        TA_ASSERT("accessToken missing: " + r.body, !r.jsonString("accessToken").empty());
        auto user = body->getObject("user");
        TA_ASSERT("user missing: " + r.body, !user.isNull());
        CPPUNIT_ASSERT_EQUAL(email, user->getValue<std::string>("email"));
        CPPUNIT_ASSERT_EQUAL(std::string("Ada Lovelace"), user->getValue<std::string>("full_name"));
        CPPUNIT_ASSERT_EQUAL(std::string("free"), user->getValue<std::string>("plan_id"));
        TA_ASSERT("email_verified false: " + r.body, user->get("email_verified").isBoolean() &&
                                                         !user->getValue<bool>("email_verified"));
        TA_ASSERT("avatar_url null: " + r.body, user->isNull("avatar_url"));
        std::regex uuid("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
        TA_ASSERT("id is a UUID: " + r.body,
                  std::regex_match(user->getValue<std::string>("id"), uuid));
        std::regex ts("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$");
        TA_ASSERT("created_at format: " + r.body,
                  std::regex_match(user->getValue<std::string>("created_at"), ts));
        TA_ASSERT("updated_at format: " + r.body,
                  std::regex_match(user->getValue<std::string>("updated_at"), ts));
        // created_at is "now" (UTC), not some other clock or zone.
        std::time_t now = std::time(nullptr);
        char today[16], yesterday[16];
        std::time_t earlier = now - 3600;
        std::strftime(today, sizeof today, "%Y-%m-%dT%H", std::gmtime(&now));
        std::strftime(yesterday, sizeof yesterday, "%Y-%m-%dT%H", std::gmtime(&earlier));
        std::string created = user->getValue<std::string>("created_at").substr(0, 13);
        TA_ASSERT("created_at is now in UTC: " + created, created == today || created == yesterday);
    }

    void testUserObjectHasExactlyTheContractKeys() {
        auto u = ItEnv::registerUser();
        auto names = u.response.json()->getObject("user")->getNames();
        std::set<std::string> got(names.begin(), names.end());
        std::set<std::string> want{"id",         "email",          "full_name",
                                   "avatar_url", "email_verified", "plan_id",
                                   "created_at", "updated_at"};
        TA_ASSERT("user keys (no password hash, no extras): " + u.response.body, got == want);
        auto top = u.response.json()->getNames();
        std::set<std::string> topGot(top.begin(), top.end());
        TA_ASSERT("top-level keys: " + u.response.body,
                  (topGot == std::set<std::string>{"user", "accessToken"}));
    }

    void testRefreshCookieAttributes() {
        auto u = ItEnv::registerUser();
        auto c = u.response.cookie("refresh_token");
        TA_ASSERT("refresh_token cookie set", c.present);
        TA_ASSERT("cookie value long enough for 256 bits: " + c.raw, c.value.size() >= 43);
        TA_ASSERT("HttpOnly: " + c.raw, c.has("httponly"));
        TA_ASSERT("SameSite=Lax: " + c.raw, c.has("samesite") && (c.attr("samesite") == "Lax" ||
                                                                  c.attr("samesite") == "lax"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(c.raw, std::string("/"), c.attr("path"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(c.raw, std::string("2592000"), c.attr("max-age"));
        TA_ASSERT("no Secure in environment=development: " + c.raw, !c.has("secure"));
        TA_ASSERT("refresh token is opaque, not the JWT: " + c.raw, c.value != u.accessToken);
    }

    void testAccessTokenHeaderAndClaims() {
        auto u = ItEnv::registerUser();
        auto header = ItJwt::header(u.accessToken);
        CPPUNIT_ASSERT_EQUAL(std::string("HS256"), header->getValue<std::string>("alg"));
        TA_ASSERT("kid in header: " + ItJwt::stringify(header),
                  header->has("kid") && !header->getValue<std::string>("kid").empty());
        auto claims = ItJwt::claims(u.accessToken);
        std::string dump = ItJwt::stringify(claims);
        for (const char* k : {"sub", "id", "email", "plan_id", "authority", "tid", "iat", "exp"})
            TA_ASSERT(std::string("claim ") + k + " in " + dump, claims->has(k));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dump, u.id, claims->getValue<std::string>("sub"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dump, u.id, claims->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dump, u.email, claims->getValue<std::string>("email"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dump, std::string("free"),
                                     claims->getValue<std::string>("plan_id"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dump, std::string("USER"),
                                     claims->getValue<std::string>("authority"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dump, std::string("alpha"),
                                     claims->getValue<std::string>("tid"));
        long long iat = claims->getValue<long long>("iat"),
                  exp = claims->getValue<long long>("exp");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(dump, 900LL, exp - iat);
        long long now = static_cast<long long>(std::time(nullptr));
        TA_ASSERT("iat is now: " + dump, iat > now - 60 && iat < now + 60);
    }

    void testAccessTokenWorksForUsersMe() {
        auto u = ItEnv::registerUser();
        HttpResponse r = http.get("/api/users/me", ItEnv::auth(u.accessToken));
        TA_ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(u.id, r.json()->getObject("user")->getValue<std::string>("id"));
    }

    void testDuplicateEmailIsConflictCaseInsensitively() {
        std::string local = "Mixed." + ItEnv::uniqueSuffix();
        HttpResponse first = http.postJson(
            "/api/auth/register", ItEnv::credentials(local + "@Example.TEST", ItEnv::password()));
        TA_ASSERT_STATUS(201, first);
        std::string lower = local + "@example.test";
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        HttpResponse again =
            http.postJson("/api/auth/register", ItEnv::credentials(lower, ItEnv::password()));
        TA_ASSERT_ERROR(409, "Email already registered", again);
        HttpResponse same = http.postJson(
            "/api/auth/register", ItEnv::credentials(local + "@Example.TEST", "another-password"));
        TA_ASSERT_ERROR(409, "Email already registered", same);
        // The same address is free in another tenant.
        HttpResponse beta = http.postJson(
            "/api/auth/register", ItEnv::credentials(lower, ItEnv::password()), {}, "beta.test");
        TA_ASSERT_STATUS(201, beta);
    }

    void testMissingEmail() {
        TA_ASSERT_ERROR(400, "email is required",
                        http.postJson("/api/auth/register", "{\"password\":\"Correct-Horse-7\"}"));
    }

    void testMissingPassword() {
        TA_ASSERT_ERROR(400, "password is required",
                        http.postJson("/api/auth/register",
                                      "{\"email\":" + ItEnv::quote(ItEnv::uniqueEmail()) + "}"));
    }

    void testEmailMustBeString() {
        TA_ASSERT_ERROR(
            400, "email must be a string",
            http.postJson("/api/auth/register", "{\"email\":42,\"password\":\"Correct-Horse-7\"}"));
        TA_ASSERT_ERROR(
            400, "email must be a string",
            http.postJson("/api/auth/register",
                          "{\"email\":[\"a@b.test\"],\"password\":\"Correct-Horse-7\"}"));
    }

    void testPasswordMustBeString() {
        TA_ASSERT_ERROR(
            400, "password must be a string",
            http.postJson("/api/auth/register", "{\"email\":" + ItEnv::quote(ItEnv::uniqueEmail()) +
                                                    ",\"password\":12345678}"));
    }

    void testFullNameMustBeString() {
        TA_ASSERT_ERROR(400, "full_name must be a string",
                        http.postJson("/api/auth/register",
                                      "{\"email\":" + ItEnv::quote(ItEnv::uniqueEmail()) +
                                          ",\"password\":\"Correct-Horse-7\",\"full_name\":{}}"));
    }

    void testInvalidEmail() {
        for (const char* bad : {"not-an-email", "@example.test", "a@", "a b@example.test", ""}) {
            TA_ASSERT_ERROR(
                400, "email is not a valid email address",
                http.postJson("/api/auth/register", ItEnv::credentials(bad, ItEnv::password())));
        }
    }

    void testPasswordLengthBounds() {
        TA_ASSERT_ERROR(400, "password must be 8 to 72 bytes",
                        http.postJson("/api/auth/register",
                                      ItEnv::credentials(ItEnv::uniqueEmail(), "1234567")));
        TA_ASSERT_ERROR(
            400, "password must be 8 to 72 bytes",
            http.postJson("/api/auth/register",
                          ItEnv::credentials(ItEnv::uniqueEmail(), std::string(73, 'p'))));
        // 37 two-byte characters: 37 characters but 74 bytes.
        std::string wide;
        for (int i = 0; i < 37; ++i) wide += "\xc3\xa9";
        TA_ASSERT_ERROR(
            400, "password must be 8 to 72 bytes",
            http.postJson("/api/auth/register", ItEnv::credentials(ItEnv::uniqueEmail(), wide)));
        TA_ASSERT_STATUS(201, http.postJson("/api/auth/register",
                                            ItEnv::credentials(ItEnv::uniqueEmail(), "12345678")));
        std::string email = ItEnv::uniqueEmail();
        std::string longest(72, 'q');
        TA_ASSERT_STATUS(201,
                         http.postJson("/api/auth/register", ItEnv::credentials(email, longest)));
        TA_ASSERT_STATUS(200, ItEnv::login(email, longest));
        // bcrypt reads 72 bytes: the password plus anything must not log in.
        TA_ASSERT_ERROR(400, "password must be 8 to 72 bytes",
                        ItEnv::login(email, longest + "anything"));
        TA_ASSERT_ERROR(400, "password must be 8 to 72 bytes",
                        http.postJson("/api/v1/users/signIn",
                                      "{\"username\":" + ItEnv::quote(email) +
                                          ",\"password\":" + ItEnv::quote(longest + "x") + "}"));
    }

    void testCharsetInContentTypeIsAccepted() {
        HttpResponse r = http.send("POST", "/api/auth/register",
                                   {{"Content-Type", "application/json; charset=utf-8"}},
                                   ItEnv::credentials(ItEnv::uniqueEmail(), ItEnv::password()));
        TA_ASSERT_STATUS(201, r);
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_REGISTRATION(RegisterIT);
