// Input nobody should send: each gets a 4xx JSON error and the service stays up.
#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

#include <cppunit/extensions/HelperMacros.h>

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;

class HostileInputIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HostileInputIT);
    CPPUNIT_TEST(testMalformedJson);
    CPPUNIT_TEST(testJsonArray);
    CPPUNIT_TEST(testJsonScalarsAndEmptyBody);
    CPPUNIT_TEST(testBodyOver64KiB);
    CPPUNIT_TEST(testWrongContentType);
    CPPUNIT_TEST(testWrongMethod);
    CPPUNIT_TEST(testUnknownRoute);
    CPPUNIT_TEST(testDeeplyNestedJson);
    CPPUNIT_TEST(testInvalidUtf8AndControlCharacters);
    CPPUNIT_TEST(testDuplicateKeysAndHugeNumbers);
    CPPUNIT_TEST_SUITE_END();

public:
    void tearDown() override {
        // Whatever was thrown at it, the service still answers.
        TA_ASSERT_STATUS(200, http.get("/api/health"));
    }

    void testMalformedJson() {
        for (const char* body : {"{\"email\": ", "{email: \"a@b.test\"}", "{\"email\":\"a@b.test\",}", "not json",
                                 "{\"email\":\"a@b.test\"} trailing"}) {
            TA_ASSERT_ERROR(400, "Malformed JSON body", http.postJson("/api/auth/register", body));
            TA_ASSERT_ERROR(400, "Malformed JSON body", http.postJson("/api/auth/login", body));
        }
    }

    void testJsonArray() {
        TA_ASSERT_ERROR(400, "Request body must be a JSON object",
                        http.postJson("/api/auth/login", "[\"a@b.test\", \"Correct-Horse-7\"]"));
        TA_ASSERT_ERROR(400, "Request body must be a JSON object", http.postJson("/api/auth/register", "[]"));
    }

    void testJsonScalarsAndEmptyBody() {
        TA_ASSERT_ERROR(400, "Request body must be a JSON object", http.postJson("/api/auth/login", "\"text\""));
        TA_ASSERT_ERROR(400, "Request body must be a JSON object", http.postJson("/api/auth/login", "42"));
        TA_ASSERT_ERROR(400, "Request body must be a JSON object", http.postJson("/api/auth/login", "null"));
        HttpResponse empty = http.postJson("/api/auth/login", "");
        TA_ASSERT_STATUS(400, empty);
        TA_ASSERT("JSON error for an empty body: " + empty.body, !empty.jsonString("error").empty());
    }

    void testBodyOver64KiB() {
        std::string body = "{\"email\":\"a@b.test\",\"password\":\"" + std::string(70 * 1024, 'x') + "\"}";
        TA_ASSERT_ERROR(413, "Request body too large", http.postJson("/api/auth/login", body));
        TA_ASSERT_ERROR(413, "Request body too large", http.postJson("/api/auth/register", body));
    }

    void testWrongContentType() {
        std::string body = ItEnv::credentials(ItEnv::uniqueEmail(), ItEnv::password());
        TA_ASSERT_ERROR(415, "Content-Type must be application/json",
                        http.send("POST", "/api/auth/register", {{"Content-Type", "text/plain"}}, body));
        TA_ASSERT_ERROR(415, "Content-Type must be application/json",
                        http.send("POST", "/api/auth/login",
                                  {{"Content-Type", "application/x-www-form-urlencoded"}}, "email=a&password=b"));
        TA_ASSERT_ERROR(415, "Content-Type must be application/json",
                        http.send("POST", "/api/auth/login", {}, body));
    }

    void testWrongMethod() {
        HttpResponse r = http.get("/api/auth/login");
        TA_ASSERT_ERROR(405, "Method not allowed", r);
        TA_ASSERT("Allow lists POST: " + r.header("Allow"), r.header("Allow").find("POST") != std::string::npos);
        HttpResponse d = http.send("DELETE", "/api/users/me");
        TA_ASSERT_ERROR(405, "Method not allowed", d);
        TA_ASSERT("Allow lists GET: " + d.header("Allow"), d.header("Allow").find("GET") != std::string::npos);
        HttpResponse p = http.send("PUT", "/api/auth/register", {{"Content-Type", "application/json"}}, "{}");
        TA_ASSERT_ERROR(405, "Method not allowed", p);
        TA_ASSERT("Allow header on PUT", !p.header("Allow").empty());
    }

    void testUnknownRoute() {
        TA_ASSERT_ERROR(404, "Not found", http.get("/api/nope"));
        TA_ASSERT_ERROR(404, "Not found", http.postJson("/api/auth/nope", "{}"));
        TA_ASSERT_ERROR(404, "Not found", http.get("/api/users/me/extra"));
        TA_ASSERT_ERROR(404, "Not found", http.get("/api/users"));
    }

    void testDeeplyNestedJson() {
        std::string deep = "{\"email\":" + std::string(30000, '[') + std::string(30000, ']') + "}";
        HttpResponse r = http.postJson("/api/auth/login", deep);
        TA_ASSERT("4xx for deep nesting: " + r.describe(), r.status >= 400 && r.status < 500);
        TA_ASSERT("JSON error: " + r.describe(), !r.jsonString("error").empty());
        std::string open = std::string(60000, '[');
        HttpResponse u = http.postJson("/api/auth/login", open);
        TA_ASSERT("4xx for unclosed nesting: " + u.describe(), u.status >= 400 && u.status < 500);
    }

    void testInvalidUtf8AndControlCharacters() {
        HttpResponse bad = http.postJson("/api/auth/login", "{\"email\":\"a\xff\xfe@b.test\",\"password\":\"Correct-Horse-7\"}");
        TA_ASSERT("4xx for invalid UTF-8: " + bad.describe(), bad.status == 400 || bad.status == 401);
        HttpResponse nul = http.postJson("/api/auth/login", "{\"email\":\"a\\u0000@b.test\",\"password\":\"Correct\\u0000Horse\"}");
        TA_ASSERT("4xx for NUL: " + nul.describe(), nul.status == 400 || nul.status == 401);
        HttpResponse reg = http.postJson("/api/auth/register",
                                         "{\"email\":\"x\\u0000" + ItEnv::uniqueSuffix() + "@b.test\",\"password\":\"Correct-Horse-7\"}");
        TA_ASSERT("register with NUL in email is 400: " + reg.describe(), reg.status == 400);
    }

    void testDuplicateKeysAndHugeNumbers() {
        HttpResponse dup = http.postJson("/api/auth/login", "{\"email\":1,\"email\":\"a@b.test\",\"password\":\"Correct-Horse-7\"}");
        TA_ASSERT("duplicate keys: 4xx: " + dup.describe(), dup.status >= 400 && dup.status < 500);
        HttpResponse num = http.postJson("/api/auth/login", "{\"email\":1e999999,\"password\":123456789012345678901234567890}");
        TA_ASSERT("huge numbers: 400: " + num.describe(), num.status == 400);
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_REGISTRATION(HostileInputIT);
