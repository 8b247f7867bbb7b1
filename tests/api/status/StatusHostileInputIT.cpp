// Bad input on the /api/v1 routes: every refusal is a JSON {"message": ...} with the
// right status, never a 500, and the daemon keeps answering.
#include "StatusItHelpers.h"

#include <cppunit/extensions/HelperMacros.h>

namespace {

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::StatusItHelpers;
using ta::test::StatusUser;

// One route taking a JSON body, with the credentials it needs to get as far as the body.
struct BodyRoute {
    std::string path;
    HttpClient::Headers auth;
    // A body with a number where `field` wants a string; a body lacking `missing`.
    std::string wrongTypeBody, wrongTypeField;
    std::string missingBody, missingField;
};

}  // namespace

class StatusHostileInputIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StatusHostileInputIT);
    CPPUNIT_TEST(malformedJson);
    CPPUNIT_TEST(jsonArrayBody);
    CPPUNIT_TEST(wrongFieldTypes);
    CPPUNIT_TEST(missingFields);
    CPPUNIT_TEST(wrongContentType);
    CPPUNIT_TEST(bodyTooLarge);
    CPPUNIT_TEST(wrongMethod);
    CPPUNIT_TEST(unknownRoute);
    CPPUNIT_TEST(otherTenantsTokenOnEveryAuthenticatedRoute);
    CPPUNIT_TEST(healthStillOk);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        admin_ = StatusItHelpers::createUser(client_, "ADMIN");
        user_ = StatusItHelpers::createUser(client_, "USER");
        std::string name = StatusItHelpers::uniqueUsername("hx");
        routes_ = {
            {"/api/v1/users/signIn", {},
             "{\"username\":5,\"password\":" + ItEnv::quote(ItEnv::password()) + "}", "username",
             "{\"password\":" + ItEnv::quote(ItEnv::password()) + "}", "username"},
            {"/api/v1/users/signUp", ItEnv::auth(admin_.accessToken),
             "{\"username\":5,\"password\":" + ItEnv::quote(ItEnv::password()) + ",\"email\":" +
                 ItEnv::quote(name + "@example.test") + ",\"authority\":\"USER\"}",
             "username",
             "{\"password\":" + ItEnv::quote(ItEnv::password()) + ",\"email\":" + ItEnv::quote(name + "@example.test") +
                 ",\"authority\":\"USER\"}",
             "username"},
            {"/api/v1/users/2fa/verify", ItEnv::auth(admin_.accessToken), "{\"totpToken\":123456}", "totpToken", "{}",
             "totpToken"},
            {"/api/v1/users/2fa/disable", ItEnv::auth(user_.accessToken),
             "{\"password\":" + ItEnv::quote(user_.password) + ",\"totpToken\":123456}", "totpToken",
             "{\"password\":" + ItEnv::quote(user_.password) + "}", "totpToken"},
        };
    }

    void malformedJson() {
        for (const auto& r : routes_) {
            for (const std::string body : {"{\"username\":", "{not json}", "{\"a\":1,}", "nul", "{\"a\":\"\\x\"}"}) {
                STATUS_ASSERT_MESSAGE(400, "Malformed JSON body", client_.postJson(r.path, body, r.auth));
            }
            // 100 levels of nesting must not take a worker down.
            STATUS_ASSERT_MESSAGE(400, "Malformed JSON body",
                                  client_.postJson(r.path, std::string(100, '[') + std::string(100, ']'), r.auth));
        }
    }

    void jsonArrayBody() {
        for (const auto& r : routes_) {
            STATUS_ASSERT_MESSAGE(400, "Request body must be a JSON object",
                                  client_.postJson(r.path, "[{\"username\":\"admin\"}]", r.auth));
            STATUS_ASSERT_MESSAGE(400, "Request body must be a JSON object", client_.postJson(r.path, "[]", r.auth));
            // Top-level scalars: a 400 either way (the wording is not pinned down).
            STATUS_ASSERT_SOME_MESSAGE(400, client_.postJson(r.path, "\"x\"", r.auth));
            STATUS_ASSERT_SOME_MESSAGE(400, client_.postJson(r.path, "42", r.auth));
        }
    }

    void wrongFieldTypes() {
        for (const auto& r : routes_) {
            STATUS_ASSERT_MESSAGE(400, r.wrongTypeField + " must be a string",
                                  client_.postJson(r.path, r.wrongTypeBody, r.auth));
        }
        // Objects, arrays and booleans are no strings either.
        for (const std::string v : {"{}", "[\"admin\"]", "true"}) {
            STATUS_ASSERT_MESSAGE(
                400, "username must be a string",
                client_.postJson("/api/v1/users/signIn",
                                 "{\"username\":" + v + ",\"password\":" + ItEnv::quote(ItEnv::password()) + "}"));
        }
        STATUS_ASSERT_MESSAGE(400, "password must be a string",
                              client_.postJson("/api/v1/users/signIn", "{\"username\":\"admin\",\"password\":12345678}"));
        STATUS_ASSERT_MESSAGE(400, "totpToken must be a string",
                              client_.postJson("/api/v1/users/signIn",
                                               "{\"username\":" + ItEnv::quote(user_.username) + ",\"password\":" +
                                                   ItEnv::quote(user_.password) + ",\"totpToken\":123456}"));
    }

    void missingFields() {
        for (const auto& r : routes_) {
            STATUS_ASSERT_MESSAGE(400, r.missingField + " is required", client_.postJson(r.path, r.missingBody, r.auth));
        }
        STATUS_ASSERT_MESSAGE(400, "password is required",
                              client_.postJson("/api/v1/users/signIn", "{\"username\":\"admin\"}"));
        STATUS_ASSERT_MESSAGE(400, "password is required",
                              client_.postJson("/api/v1/users/2fa/disable", "{\"totpToken\":\"123456\"}",
                                               ItEnv::auth(user_.accessToken)));
        std::string name = StatusItHelpers::uniqueUsername("hx");
        STATUS_ASSERT_MESSAGE(400, "email is required",
                              client_.postJson("/api/v1/users/signUp",
                                               "{\"username\":" + ItEnv::quote(name) + ",\"password\":" +
                                                   ItEnv::quote(ItEnv::password()) + "}",
                                               ItEnv::auth(admin_.accessToken)));
        STATUS_ASSERT_MESSAGE(400, "password is required",
                              client_.postJson("/api/v1/users/signUp",
                                               "{\"username\":" + ItEnv::quote(name) + ",\"email\":" +
                                                   ItEnv::quote(name + "@example.test") + "}",
                                               ItEnv::auth(admin_.accessToken)));
    }

    void wrongContentType() {
        for (const auto& r : routes_) {
            HttpClient::Headers h = r.auth;
            h.emplace_back("Content-Type", "text/plain");
            STATUS_ASSERT_MESSAGE(415, "Content-Type must be application/json",
                                  client_.send("POST", r.path, h, r.missingBody));
            // No Content-Type at all.
            STATUS_ASSERT_MESSAGE(415, "Content-Type must be application/json",
                                  client_.send("POST", r.path, r.auth, r.missingBody));
        }
    }

    void bodyTooLarge() {
        std::string big = "{\"username\":\"" + std::string(70 * 1024, 'a') + "\",\"password\":\"x\"}";
        for (const auto& r : routes_) {
            STATUS_ASSERT_MESSAGE(413, "Request body too large", client_.postJson(r.path, big, r.auth));
        }
    }

    void wrongMethod() {
        for (const auto& r : routes_) {
            STATUS_ASSERT_MESSAGE(405, "Method not allowed", client_.get(r.path, r.auth));
            STATUS_ASSERT_MESSAGE(405, "Method not allowed", client_.send("DELETE", r.path, r.auth));
        }
        STATUS_ASSERT_MESSAGE(405, "Method not allowed",
                              client_.postJson("/api/v1/users/whoami", "{}", ItEnv::auth(user_.accessToken)));
        STATUS_ASSERT_MESSAGE(405, "Method not allowed", client_.postJson("/api/v1/users/auth/refresh", "{}"));
        STATUS_ASSERT_MESSAGE(405, "Method not allowed", client_.get("/api/v1/users/2fa/setup"));
    }

    void unknownRoute() {
        for (const std::string path : {"/api/v1/nope", "/api/v1/users/nope", "/api/v1/users/signIn/extra", "/api/v1/"}) {
            STATUS_ASSERT_MESSAGE(404, "Not found", client_.get(path));
        }
        STATUS_ASSERT_MESSAGE(404, "Not found", client_.postJson("/api/v1/nope", "{}"));
    }

    void otherTenantsTokenOnEveryAuthenticatedRoute() {
        std::string beta = StatusItHelpers::adminToken(client_, "beta.test");
        HttpClient::Headers bearer = ItEnv::auth(beta);
        HttpClient::Headers cookie = {{"Cookie", "accessToken=" + beta}};
        std::string name = StatusItHelpers::uniqueUsername("hx");
        std::string signUp =
            StatusItHelpers::signUpBody(name, ItEnv::password(), name + "@example.test", "ADMIN");
        for (const auto& h : {bearer, cookie}) {
            STATUS_ASSERT_SOME_MESSAGE(401, client_.postJson("/api/v1/users/signUp", signUp, h));
            STATUS_ASSERT_MESSAGE(401, "Unauthorized: Invalid token", client_.get("/api/v1/users/whoami", h));
            STATUS_ASSERT_SOME_MESSAGE(401, client_.send("POST", "/api/v1/users/2fa/setup", h));
            STATUS_ASSERT_SOME_MESSAGE(401, client_.postJson("/api/v1/users/2fa/verify", "{\"totpToken\":\"123456\"}", h));
            STATUS_ASSERT_SOME_MESSAGE(401, client_.get("/api/v1/users/2fa/status", h));
            STATUS_ASSERT_SOME_MESSAGE(
                401, client_.postJson("/api/v1/users/2fa/disable",
                                      "{\"password\":" + ItEnv::quote(StatusItHelpers::adminPassword()) +
                                          ",\"totpToken\":\"123456\"}",
                                      h));
        }
        STATUS_ASSERT_MESSAGE(401, "Invalid password or user not found",
                              StatusItHelpers::signIn(client_, name, ItEnv::password()));
        // The same token is fine at home.
        STATUS_ASSERT_CODE(200, client_.get("/api/v1/users/2fa/status", bearer, "beta.test"));
    }

    void healthStillOk() {
        // Run last in this suite, after everything above.
        malformedJson();
        bodyTooLarge();
        HttpResponse r = client_.get("/api/health");
        STATUS_ASSERT_CODE(200, r);
        CPPUNIT_ASSERT_EQUAL(std::string("ok"), r.jsonString("status"));
        STATUS_ASSERT_CODE(200, StatusItHelpers::signIn(client_, user_.username, user_.password));
    }

private:
    HttpClient client_;
    StatusUser admin_, user_;
    std::vector<BodyRoute> routes_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusHostileInputIT);
