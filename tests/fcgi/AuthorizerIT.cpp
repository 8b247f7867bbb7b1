// The FastCGI Authorizer role: /protected/ of the web server in front (lighttpd with
// "mode" => "authorizer" on the daemon's socket, Apache with mod_authnz_fcgi on the
// authorizer-listen port) holds a static file and a CGI script that prints the
// TENANTAUTH_* variables; and the authorizer-listen port spoken to directly.
#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItJwt.h"
#include "ItTenant.h"
#include "RawFcgi.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItJwt;
using ta::test::ItTenant;
using ta::test::ItUser;
using ta::test::RawFcgi;

class AuthorizerIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AuthorizerIT);
    CPPUNIT_TEST(testWithoutTokenIs401);
    CPPUNIT_TEST(testValidTokenServesTheFile);
    CPPUNIT_TEST(testCgiSeesTheVariables);
    CPPUNIT_TEST(testAccessTokenCookie);
    CPPUNIT_TEST(testApiKeyAndItsRevocation);
    CPPUNIT_TEST(testTokenOfAnotherTenant);
    CPPUNIT_TEST(testBadCredentials);
    CPPUNIT_TEST(testUnknownAndDisabledTenant);
    CPPUNIT_TEST(testTenantPinnedByTheVirtualHost);
    CPPUNIT_TEST(testAuthorizerPortAnswersTheAuthorizerRole);
    CPPUNIT_TEST(testAuthorizerPortRefusesResponderRequests);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { user = ItEnv::registerUser(); }

    HttpResponse get(const std::string& path, const HttpClient::Headers& headers,
                     const std::string& host = "alpha.test") {
        return http.get(path, headers, host);
    }

    // The CGI's output as NAME -> value.
    static std::string var(const HttpResponse& r, const std::string& name) {
        std::string key = name + "=";
        size_t at = r.body.find(key);
        if (at == std::string::npos || (at > 0 && r.body[at - 1] != '\n')) return "<absent>";
        size_t end = r.body.find('\n', at);
        return r.body.substr(at + key.size(),
                             end == std::string::npos ? std::string::npos : end - at - key.size());
    }

    void assertDenied(const HttpResponse& r) {
        TA_ASSERT_STATUS(401, r);
        TA_ASSERT("no protected content: " + r.body,
                  r.body.find("protected content") == std::string::npos &&
                      r.body.find("TENANTAUTH_USER_ID=") == std::string::npos);
    }

    void assertVariables(const HttpResponse& r, const std::string& userId,
                         const std::string& tenant, const std::string& authority = "USER",
                         const std::string& plan = "free") {
        TA_ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, userId, var(r, "TENANTAUTH_USER_ID"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, tenant, var(r, "TENANTAUTH_TENANT"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, authority, var(r, "TENANTAUTH_AUTHORITY"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, plan, var(r, "TENANTAUTH_PLAN"));
        // Apache's UserExpr makes the user id the authenticated user.
        if (ItEnv::front() == "apache")
            CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, userId, var(r, "REMOTE_USER"));
    }

    void testWithoutTokenIs401() {
        HttpResponse r = get("/protected/hello.txt", {});
        assertDenied(r);
        TA_ASSERT("WWW-Authenticate: " + r.header("WWW-Authenticate"),
                  r.header("WWW-Authenticate") == "Bearer");
        assertDenied(get("/protected/env.cgi", {}));
    }

    void testValidTokenServesTheFile() {
        HttpResponse r = get("/protected/hello.txt", ItEnv::auth(user.accessToken));
        TA_ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(std::string("protected content\n"), r.body);
        TA_ASSERT(
            "no Variable- header leaks to the client",
            !r.hasHeader("Variable-TENANTAUTH_USER_ID") && !r.hasHeader("TENANTAUTH_USER_ID"));
    }

    void testCgiSeesTheVariables() {
        assertVariables(get("/protected/env.cgi", ItEnv::auth(user.accessToken)), user.id, "alpha");
        // The admin's token says ADMIN.
        ItUser admin = ItEnv::loginUser("admin@alpha.test", ItEnv::var("TA_ADMIN_PASSWORD"));
        assertVariables(get("/protected/env.cgi", ItEnv::auth(admin.accessToken)), admin.id,
                        "alpha", "ADMIN");
    }

    void testAccessTokenCookie() {
        assertVariables(get("/protected/env.cgi", {{"Cookie", "accessToken=" + user.accessToken}}),
                        user.id, "alpha");
        assertDenied(get("/protected/env.cgi", {{"Cookie", "accessToken=x.y.z"}}));
    }

    void testApiKeyAndItsRevocation() {
        HttpResponse created =
            http.postJson("/api/api-keys", "{\"name\":\"authz\"}", ItEnv::auth(user.accessToken));
        TA_ASSERT_STATUS(201, created);
        std::string key = created.jsonString("apiKey");
        std::string id = created.json()->getObject("key")->getValue<std::string>("id");
        TA_ASSERT("key in " + created.body, key.rfind("sk_", 0) == 0 && !id.empty());
        assertVariables(get("/protected/env.cgi", ItEnv::auth(key)), user.id, "alpha");
        TA_ASSERT_STATUS(200,
                         http.send("DELETE", "/api/api-keys/" + id, ItEnv::auth(user.accessToken)));
        assertDenied(get("/protected/env.cgi", ItEnv::auth(key)));
    }

    void testTokenOfAnotherTenant() {
        ItUser beta = ItEnv::registerUser("beta.test");
        assertDenied(get("/protected/env.cgi", ItEnv::auth(beta.accessToken), "alpha.test"));
        assertDenied(get("/protected/hello.txt", ItEnv::auth(beta.accessToken), "alpha.test"));
        assertDenied(get("/protected/env.cgi", ItEnv::auth(user.accessToken), "beta.test"));
        assertVariables(get("/protected/env.cgi", ItEnv::auth(beta.accessToken), "beta.test"),
                        beta.id, "beta");
    }

    void testBadCredentials() {
        auto parts = ItJwt::split(user.accessToken);
        auto claims = ItJwt::claims(user.accessToken);
        claims->set("authority", "ADMIN");
        std::string forged =
            parts[0] + "." + ItJwt::base64UrlEncode(ItJwt::stringify(claims)) + "." + parts[2];
        std::string otherKey =
            ItJwt::signHs256(ItJwt::stringify(ItJwt::header(user.accessToken)),
                             ItJwt::stringify(ItJwt::claims(user.accessToken)), "not-the-key");
        for (const std::string& bad :
             {ItEnv::bearer(forged), ItEnv::bearer(otherKey), std::string("Bearer sk_nothing"),
              "Bearer sk_" + std::string(64, 'a'), std::string("Basic dXNlcjpwYXNz"),
              "Token " + user.accessToken, ItEnv::bearer(std::string(8 * 1024, 'a'))}) {
            assertDenied(get("/protected/env.cgi", {{"Authorization", bad}}));
        }
    }

    void testUnknownAndDisabledTenant() {
        assertDenied(get("/protected/env.cgi", ItEnv::auth(user.accessToken), "nowhere.test"));
        ItTenant t = ItTenant::create("az");
        std::string token = t.adminToken();
        HttpResponse ok = get("/protected/env.cgi", ItEnv::auth(token), t.host);
        TA_ASSERT_STATUS(200, ok);
        CPPUNIT_ASSERT_EQUAL(t.slug, var(ok, "TENANTAUTH_TENANT"));
        auto r = ItEnv::ctl("tenant disable " + t.slug);
        TA_ASSERT(r.describe(), r.exitCode == 0);
        // Every worker process picks the change up within its 2 s refresh: until then
        // one process may still say 200 while another says 401.
        bool denied = ItEnv::poll(8, [&] {
            for (int i = 0; i < 8; ++i)
                if (get("/protected/env.cgi", ItEnv::auth(token), t.host).status != 401)
                    return false;
            return true;
        });
        TA_ASSERT("a disabled tenant's token still passes", denied);
        assertDenied(get("/protected/env.cgi", ItEnv::auth(token), t.host));
    }

    void testTenantPinnedByTheVirtualHost() {
        // pinned.test is no tenant's host; the web server names the tenant (beta).
        ItUser beta = ItEnv::registerUser("beta.test");
        assertVariables(get("/protected/env.cgi", ItEnv::auth(beta.accessToken), "pinned.test"),
                        beta.id, "beta");
        assertDenied(get("/protected/env.cgi", ItEnv::auth(user.accessToken), "pinned.test"));
    }

    RawFcgi::Params params(const std::string& authorization,
                           const std::string& uri = "/protected/hello.txt") {
        RawFcgi::Params p{{"REQUEST_METHOD", "GET"},    {"REQUEST_URI", uri},
                          {"SCRIPT_NAME", uri},         {"HTTP_HOST", "alpha.test"},
                          {"REMOTE_ADDR", "127.0.0.1"}, {"SERVER_PROTOCOL", "HTTP/1.1"}};
        if (!authorization.empty()) p.emplace_back("HTTP_AUTHORIZATION", authorization);
        return p;
    }

    void testAuthorizerPortAnswersTheAuthorizerRole() {
        std::string addr = ItEnv::var("TA_AUTHORIZER_ADDR");
        CPPUNIT_ASSERT_MESSAGE("TA_AUTHORIZER_ADDR is not set", !addr.empty());
        std::string ok =
            RawFcgi::exchange(addr, RawFcgi::kAuthorizer, params(ItEnv::bearer(user.accessToken)));
        TA_ASSERT("200: " + ok, ok.rfind("Status: 200", 0) == 0);
        TA_ASSERT("user id: " + ok,
                  ok.find("Variable-TENANTAUTH_USER_ID: " + user.id + "\r\n") != std::string::npos);
        TA_ASSERT("tenant: " + ok,
                  ok.find("Variable-TENANTAUTH_TENANT: alpha\r\n") != std::string::npos);
        TA_ASSERT("authority: " + ok,
                  ok.find("Variable-TENANTAUTH_AUTHORITY: USER\r\n") != std::string::npos);
        TA_ASSERT("plan: " + ok,
                  ok.find("Variable-TENANTAUTH_PLAN: free\r\n") != std::string::npos);
        std::string no = RawFcgi::exchange(addr, RawFcgi::kAuthorizer, params(""));
        TA_ASSERT("401: " + no, no.rfind("Status: 401", 0) == 0);
        TA_ASSERT("WWW-Authenticate: " + no,
                  no.find("WWW-Authenticate: Bearer\r\n") != std::string::npos);
    }

    void testAuthorizerPortRefusesResponderRequests() {
        std::string addr = ItEnv::var("TA_AUTHORIZER_ADDR");
        CPPUNIT_ASSERT_MESSAGE("TA_AUTHORIZER_ADDR is not set", !addr.empty());
        // A local user driving the account API with forged params: who am I...
        auto me = params(ItEnv::bearer(user.accessToken), "/api/users/me");
        std::string r = RawFcgi::exchange(addr, RawFcgi::kResponder, me);
        TA_ASSERT("403: " + r, r.rfind("Status: 403", 0) == 0);
        TA_ASSERT("no user data: " + r, r.find(user.email) == std::string::npos);
        // ... even claiming the Authorizer role in a param (the record's role counts) ...
        me.emplace_back("FCGI_ROLE", "AUTHORIZER");
        r = RawFcgi::exchange(addr, RawFcgi::kResponder, me);
        TA_ASSERT("403: " + r, r.rfind("Status: 403", 0) == 0);
        // ... or a login with a forged REMOTE_ADDR and TENANTAUTH_TENANT.
        std::string body = ItEnv::credentials(user.email, user.password);
        RawFcgi::Params login{{"REQUEST_METHOD", "POST"},
                              {"REQUEST_URI", "/api/auth/login"},
                              {"HTTP_HOST", "alpha.test"},
                              {"TENANTAUTH_TENANT", "alpha"},
                              {"REMOTE_ADDR", "10.9.8.7"},
                              {"CONTENT_TYPE", "application/json"},
                              {"CONTENT_LENGTH", std::to_string(body.size())}};
        r = RawFcgi::exchange(addr, RawFcgi::kResponder, login, body);
        TA_ASSERT("403: " + r, r.rfind("Status: 403", 0) == 0);
        TA_ASSERT("no token: " + r, r.find("accessToken") == std::string::npos);
        // The port still serves authorizer requests afterwards.
        std::string ok =
            RawFcgi::exchange(addr, RawFcgi::kAuthorizer, params(ItEnv::bearer(user.accessToken)));
        TA_ASSERT("200: " + ok, ok.rfind("Status: 200", 0) == 0);
    }

private:
    HttpClient http;
    ItUser user;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AuthorizerIT);
