// GET /api/v1/users/whoami and GET /api/v1/header.
#include "StatusItHelpers.h"

#include <cppunit/extensions/HelperMacros.h>

#include <regex>

namespace {

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItJwt;
using ta::test::StatusItHelpers;
using ta::test::StatusUser;

const std::vector<std::string> kWhoamiKeys = {"authority", "createdAt", "email", "id", "updatedAt", "username"};

}  // namespace

class StatusWhoamiIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StatusWhoamiIT);
    CPPUNIT_TEST(whoamiViaBearer);
    CPPUNIT_TEST(whoamiViaCookie);
    CPPUNIT_TEST(whoamiWithoutTokenIs401);
    CPPUNIT_TEST(whoamiWithBadTokenIs401);
    CPPUNIT_TEST(whoamiWithOtherTenantsTokenIs401);
    CPPUNIT_TEST(headerEchoesAuthorization);
    CPPUNIT_TEST(headerWithoutAuthorizationIs401);
    CPPUNIT_TEST_SUITE_END();

public:
    void whoamiViaBearer() {
        StatusUser u = StatusItHelpers::createUser(client_, "DEVELOPER");
        HttpResponse r = client_.get("/api/v1/users/whoami", ItEnv::auth(u.accessToken));
        STATUS_ASSERT_CODE(200, r);
        auto o = r.json();
        TA_ASSERT("keys " + StatusItHelpers::joined(StatusItHelpers::keys(o)), StatusItHelpers::keys(o) == kWhoamiKeys);
        CPPUNIT_ASSERT_EQUAL(u.username, r.jsonString("username"));
        CPPUNIT_ASSERT_EQUAL(u.email, r.jsonString("email"));
        CPPUNIT_ASSERT_EQUAL(std::string("DEVELOPER"), r.jsonString("authority"));
        CPPUNIT_ASSERT_EQUAL(ItJwt::claims(u.accessToken)->getValue<std::string>("id"), r.jsonString("id"));
        const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
        TA_ASSERT("createdAt ISO 8601 with ms: " + r.body, std::regex_match(r.jsonString("createdAt"), iso));
        TA_ASSERT("updatedAt ISO 8601 with ms: " + r.body, std::regex_match(r.jsonString("updatedAt"), iso));
    }

    void whoamiViaCookie() {
        StatusUser u = StatusItHelpers::createUser(client_, "USER");
        HttpResponse r = client_.get("/api/v1/users/whoami", {{"Cookie", "accessToken=" + u.accessToken}});
        STATUS_ASSERT_CODE(200, r);
        CPPUNIT_ASSERT_EQUAL(u.username, r.jsonString("username"));
        CPPUNIT_ASSERT_EQUAL(std::string("USER"), r.jsonString("authority"));
        // Among other cookies, as a browser sends them.
        HttpResponse r2 = client_.get("/api/v1/users/whoami",
                                      {{"Cookie", "theme=dark; accessToken=" + u.accessToken + "; refreshToken=x"}});
        STATUS_ASSERT_CODE(200, r2);
        CPPUNIT_ASSERT_EQUAL(u.username, r2.jsonString("username"));
    }

    void whoamiWithoutTokenIs401() {
        STATUS_ASSERT_MESSAGE(401, "Unauthorized: Invalid token", client_.get("/api/v1/users/whoami"));
    }

    void whoamiWithBadTokenIs401() {
        STATUS_ASSERT_MESSAGE(401, "Unauthorized: Invalid token",
                              client_.get("/api/v1/users/whoami", ItEnv::auth("garbage")));
        STATUS_ASSERT_MESSAGE(401, "Unauthorized: Invalid token",
                              client_.get("/api/v1/users/whoami", {{"Cookie", "accessToken=garbage"}}));
        // A well-formed token signed with a key the server does not know.
        std::string forged = ItJwt::signHs256(
            R"({"alg":"HS256","typ":"JWT"})",
            R"({"sub":"00000000-0000-0000-0000-000000000000","id":"00000000-0000-0000-0000-000000000000",)"
            R"("authority":"ADMIN","tid":"alpha","iat":)" +
                std::to_string(StatusItHelpers::nowSeconds()) + R"(,"exp":)" +
                std::to_string(StatusItHelpers::nowSeconds() + 600) + "}",
            "not-the-tenant-key");
        STATUS_ASSERT_MESSAGE(401, "Unauthorized: Invalid token",
                              client_.get("/api/v1/users/whoami", ItEnv::auth(forged)));
        // A refresh token is no access token.
        StatusUser u = StatusItHelpers::createUser(client_, "USER");
        STATUS_ASSERT_MESSAGE(401, "Unauthorized: Invalid token",
                              client_.get("/api/v1/users/whoami", ItEnv::auth(u.refreshToken)));
    }

    void whoamiWithOtherTenantsTokenIs401() {
        std::string beta = StatusItHelpers::adminToken(client_, "beta.test");
        STATUS_ASSERT_CODE(200, client_.get("/api/v1/users/whoami", ItEnv::auth(beta), "beta.test"));
        STATUS_ASSERT_MESSAGE(401, "Unauthorized: Invalid token",
                              client_.get("/api/v1/users/whoami", ItEnv::auth(beta)));
        STATUS_ASSERT_MESSAGE(401, "Unauthorized: Invalid token",
                              client_.get("/api/v1/users/whoami", {{"Cookie", "accessToken=" + beta}}));
        // And the other way round.
        std::string alpha = StatusItHelpers::adminToken(client_);
        STATUS_ASSERT_MESSAGE(401, "Unauthorized: Invalid token",
                              client_.get("/api/v1/users/whoami", ItEnv::auth(alpha), "beta.test"));
    }

    void headerEchoesAuthorization() {
        for (const std::string& value :
             {std::string("Bearer abc.def.ghi"), std::string("Basic Zm9vOmJhcg=="), std::string("Token x y z")}) {
            HttpResponse r = client_.get("/api/v1/header", {{"Authorization", value}});
            STATUS_ASSERT_CODE(200, r);
            auto o = r.json();
            TA_ASSERT("keys " + StatusItHelpers::joined(StatusItHelpers::keys(o)),
                      StatusItHelpers::keys(o) == std::vector<std::string>{"authorizationHeader"});
            CPPUNIT_ASSERT_EQUAL(value, r.jsonString("authorizationHeader"));
        }
        std::string token = StatusItHelpers::adminToken(client_);
        HttpResponse r = client_.get("/api/v1/header", ItEnv::auth(token));
        STATUS_ASSERT_CODE(200, r);
        CPPUNIT_ASSERT_EQUAL("Bearer " + token, r.jsonString("authorizationHeader"));
    }

    void headerWithoutAuthorizationIs401() {
        STATUS_ASSERT_MESSAGE(401, "No authorization header provided", client_.get("/api/v1/header"));
        // A cookie is no Authorization header.
        std::string token = StatusItHelpers::adminToken(client_);
        STATUS_ASSERT_MESSAGE(401, "No authorization header provided",
                              client_.get("/api/v1/header", {{"Cookie", "accessToken=" + token}}));
    }

private:
    HttpClient client_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusWhoamiIT);
