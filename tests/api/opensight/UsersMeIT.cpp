// GET /api/users/me and every way a Bearer token can be wrong.
#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItJwt.h"

#include <cppunit/extensions/HelperMacros.h>

#include <ctime>
#include <set>

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItJwt;
using ta::test::ItUser;

class UsersMeIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(UsersMeIT);
    CPPUNIT_TEST(testAnswersTheCallersUser);
    CPPUNIT_TEST(testWithoutAuthorization);
    CPPUNIT_TEST(testMalformedAuthorization);
    CPPUNIT_TEST(testTamperedPayload);
    CPPUNIT_TEST(testTamperedSignature);
    CPPUNIT_TEST(testAlgNone);
    CPPUNIT_TEST(testValidSignatureFromWrongKey);
    CPPUNIT_TEST(testExpiredToken);
    CPPUNIT_TEST(testHugeAuthorizationHeader);
    CPPUNIT_TEST(testTokenOfAnotherTenant);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { user = ItEnv::registerUser(); }

    HttpResponse me(const std::string& authorization, const std::string& host = "alpha.test") {
        return http.get("/api/users/me", {{"Authorization", authorization}}, host);
    }

    void testAnswersTheCallersUser() {
        HttpResponse r = me(ItEnv::bearer(user.accessToken));
        TA_ASSERT_STATUS(200, r);
        auto names = r.json()->getNames();
        TA_ASSERT("only {user}: " + r.body, names.size() == 1 && names[0] == "user");
        auto u = r.json()->getObject("user");
        CPPUNIT_ASSERT_EQUAL(user.id, u->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(user.email, u->getValue<std::string>("email"));
        auto keys = u->getNames();
        std::set<std::string> got(keys.begin(), keys.end());
        TA_ASSERT("user keys: " + r.body,
                  (got == std::set<std::string>{"id", "email", "full_name", "avatar_url", "email_verified", "plan_id",
                                                "created_at", "updated_at"}));
        // Same shape and values as the register answer.
        auto registered = user.response.json()->getObject("user");
        CPPUNIT_ASSERT_EQUAL(registered->getValue<std::string>("created_at"), u->getValue<std::string>("created_at"));
    }

    void testWithoutAuthorization() {
        TA_ASSERT_ERROR(401, "Unauthorized", http.get("/api/users/me"));
    }

    void testMalformedAuthorization() {
        for (const std::string& bad : {std::string("Bearer"), std::string("Bearer "), std::string("Bearer not.a.jwt"),
                                       std::string("Bearer a.b"), std::string("Basic dXNlcjpwYXNz"),
                                       "bearer" + std::string(" ") + "x.y.z", "Bearer " + user.accessToken + ".x",
                                       "Token " + user.accessToken, std::string("Bearer sk_nothing")}) {
            TA_ASSERT_ERROR(401, "Unauthorized", me(bad));
        }
    }

    void testTamperedPayload() {
        auto parts = ItJwt::split(user.accessToken);
        std::string payload = parts[1];
        // Flip one character in the middle of the payload.
        size_t i = payload.size() / 2;
        payload[i] = payload[i] == 'A' ? 'B' : 'A';
        TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(parts[0] + "." + payload + "." + parts[2])));
        // A cleanly re-encoded payload with a raised authority, old signature.
        auto claims = ItJwt::claims(user.accessToken);
        claims->set("authority", "ADMIN");
        std::string forged = parts[0] + "." + ItJwt::base64UrlEncode(ItJwt::stringify(claims)) + "." + parts[2];
        TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(forged)));
    }

    void testTamperedSignature() {
        std::string t = user.accessToken;
        t.back() = t.back() == 'A' ? 'Q' : 'A';
        TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(t)));
        auto parts = ItJwt::split(user.accessToken);
        TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(parts[0] + "." + parts[1] + ".")));
    }

    void testAlgNone() {
        auto parts = ItJwt::split(user.accessToken);
        auto header = ItJwt::header(user.accessToken);
        for (const char* alg : {"none", "None", "NONE"}) {
            header->set("alg", alg);
            std::string h = ItJwt::base64UrlEncode(ItJwt::stringify(header));
            TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(h + "." + parts[1] + ".")));
            TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(h + "." + parts[1] + "." + parts[2])));
        }
    }

    void testValidSignatureFromWrongKey() {
        std::string header = ItJwt::stringify(ItJwt::header(user.accessToken));  // same kid
        std::string claims = ItJwt::stringify(ItJwt::claims(user.accessToken));
        TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(ItJwt::signHs256(header, claims, "not-the-tenant-key"))));
        TA_ASSERT_ERROR(401, "Unauthorized",
                        me(ItEnv::bearer(ItJwt::signHs256(header, claims, std::string(32, '\0')))));
        TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(ItJwt::signHs256(header, claims, ""))));
    }

    void testExpiredToken() {
        // Without the tenant key a correctly signed expired token cannot be made here;
        // both halves of it must be refused: an expired one signed with some key, and
        // the real token with its exp moved into the past.
        auto claims = ItJwt::claims(user.accessToken);
        long long now = static_cast<long long>(std::time(nullptr));
        claims->set("iat", now - 2000);
        claims->set("exp", now - 1000);
        std::string header = ItJwt::stringify(ItJwt::header(user.accessToken));
        TA_ASSERT_ERROR(401, "Unauthorized",
                        me(ItEnv::bearer(ItJwt::signHs256(header, ItJwt::stringify(claims), "some-key"))));
        auto parts = ItJwt::split(user.accessToken);
        TA_ASSERT_ERROR(401, "Unauthorized",
                        me(ItEnv::bearer(parts[0] + "." + ItJwt::base64UrlEncode(ItJwt::stringify(claims)) + "." +
                                         parts[2])));
        claims->remove("exp");
        TA_ASSERT_ERROR(401, "Unauthorized",
                        me(ItEnv::bearer(parts[0] + "." + ItJwt::base64UrlEncode(ItJwt::stringify(claims)) + "." +
                                         parts[2])));
    }

    void testHugeAuthorizationHeader() {
        TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(std::string(10 * 1024, 'a'))));
        TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(user.accessToken + std::string(10 * 1024, 'a'))));
        TA_ASSERT_STATUS(200, http.get("/api/health"));
    }

    void testTokenOfAnotherTenant() {
        auto beta = ItEnv::registerUser("beta.test");
        TA_ASSERT_STATUS(200, me(ItEnv::bearer(beta.accessToken), "beta.test"));
        TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(beta.accessToken), "alpha.test"));
        TA_ASSERT_ERROR(401, "Unauthorized", me(ItEnv::bearer(user.accessToken), "beta.test"));
    }

private:
    HttpClient http;
    ItUser user;
};

CPPUNIT_TEST_SUITE_REGISTRATION(UsersMeIT);
