// Providers that refuse, answer garbage, hang or are down: a 502 JSON error in
// bounded time and nothing created. The Google web-flow token route and the STATUS
// GitHub code exchange (/api/v1/github/auth).
#include <cppunit/extensions/HelperMacros.h>

#include "../status/StatusItHelpers.h"
#include "ItAssert.h"
#include "OAuthFixture.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::OAuth;
using ta::test::OAuthFlow;
using ta::test::OAuthTenant;

class OAuthProviderIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OAuthProviderIT);
    CPPUNIT_TEST(testProviderMisbehaviourIs502);
    CPPUNIT_TEST(testHangingProviderIs502InBoundedTime);
    CPPUNIT_TEST(testProviderDownIs502);
    CPPUNIT_TEST(testUntrustedCertificateAndRemoteHttpAreRefused);
    CPPUNIT_TEST(testGoogleTokenRouteAnswersLikeLogin);
    CPPUNIT_TEST(testGoogleTokenRouteRefusals);
    CPPUNIT_TEST(testStatusGithubAuthExchangesTheCode);
    CPPUNIT_TEST(testStatusGithubAuthRefusals);
    CPPUNIT_TEST_SUITE_END();

    // 502 with a JSON error, no session cookie, no user.
    static void assertBadGateway(const OAuthTenant& t, const HttpResponse& r,
                                 const std::string& email, const std::string& label) {
        TA_ASSERT_STATUS(502, r);
        TA_ASSERT(label + ": JSON error " + r.describe(),
                  r.header("Content-Type").rfind("application/json", 0) == 0 &&
                      r.errorMessage().find("sign-in failed") != std::string::npos);
        TA_ASSERT(label + ": no session", !r.cookie("refresh_token").present);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(label, std::string("0"), OAuth::usersWithEmail(t, email));
    }

public:
    void testProviderMisbehaviourIs502() {
        const OAuthTenant& t = OAuth::tenant("plain");
        for (std::string p : {"github", "google"})
            for (std::string mode : {"token_error", "token_close", "user_garbage", "user_500"}) {
                std::string email = ItEnv::uniqueEmail("bad");
                OAuthFlow f =
                    OAuth::run(p, t, OAuth::fakeParams(OAuth::uniqueId(), email, true, mode));
                assertBadGateway(t, f.callback, email, p + " " + mode);
            }
    }

    void testHangingProviderIs502InBoundedTime() {
        const OAuthTenant& t = OAuth::tenant("plain");
        for (std::string mode : {"token_hang", "user_hang"}) {
            std::string email = ItEnv::uniqueEmail("slow");
            std::string p = mode == "token_hang" ? "github" : "google";
            OAuthFlow f = OAuth::run(p, t, OAuth::fakeParams(OAuth::uniqueId(), email, true, mode));
            assertBadGateway(t, f.callback, email, mode);
            // The fake sleeps 30 s; the read timeout is 5 s.
            TA_ASSERT(mode + " took " + std::to_string(f.callback.seconds) + " s",
                      f.callback.seconds < 12);
        }
        // The workers are free again.
        TA_ASSERT_STATUS(200, HttpClient().get("/api/health"));
    }

    void testProviderDownIs502() {
        const OAuthTenant& t = OAuth::tenant("down");
        for (std::string p : {"github", "google"}) {
            // The redirect itself needs no provider.
            HttpResponse s = OAuth::startAt(p, t);
            TA_ASSERT_STATUS(302, s);
            std::string state = OAuth::queryParam(s.header("Location"), "state");
            HttpResponse r =
                OAuth::callback("/api/auth/" + p + "/callback?code=abc&state=" + state, t,
                                "oauth_state_" + p + "=" + s.cookie("oauth_state_" + p).value);
            TA_ASSERT_STATUS(502, r);
            TA_ASSERT("bounded: " + std::to_string(r.seconds), r.seconds < 6);
        }
        HttpResponse g =
            HttpClient().postJson("/api/auth/google/token", "{\"code\":\"abc\"}", {}, t.host);
        TA_ASSERT_STATUS(502, g);
        STATUS_ASSERT_MESSAGE(502, "Failed to retrieve GitHub token",
                              HttpClient().get("/api/v1/github/auth?code=abc", {}, t.host));
    }

    void testUntrustedCertificateAndRemoteHttpAreRefused() {
        const OAuthTenant& t = OAuth::tenant("tls");
        auto counts = [] { return OAuth::fetch(OAuth::fakeUrl() + "/_tls_counts").json(); };
        auto before = counts();
        STATUS_ASSERT_MESSAGE(502, "Failed to retrieve GitHub token",
                              HttpClient().get("/api/v1/github/auth?code=abc", {}, t.host));
        auto after = counts();
        // tenantauth connected, and refused the self-signed certificate before sending
        // anything (the code and the client secret never left).
        TA_ASSERT("a TLS connection was made",
                  after->getValue<int>("connections") > before->getValue<int>("connections"));
        CPPUNIT_ASSERT_EQUAL(before->getValue<int>("requests"), after->getValue<int>("requests"));
        // http:// to a host that is not loopback is refused without connecting (a connect
        // to 192.0.2.1, TEST-NET, would take the 3 s connect timeout).
        HttpResponse g =
            HttpClient().postJson("/api/auth/google/token", "{\"code\":\"abc\"}", {}, t.host);
        TA_ASSERT_STATUS(502, g);
        TA_ASSERT("refused at once: " + std::to_string(g.seconds), g.seconds < 2);
        std::string log = ItEnv::readFile(ItEnv::daemonLogPath());
        TA_ASSERT("the log says why",
                  log.find("provider URL must be https (http only for loopback): "
                           "http://192.0.2.1:80/google/token") != std::string::npos);
    }

    void testGoogleTokenRouteAnswersLikeLogin() {
        const OAuthTenant& t = OAuth::tenant("redirect");  // a JSON answer even here
        std::string email = ItEnv::uniqueEmail("web");
        std::string code = OAuth::codeFromFake("google", t, "postmessage",
                                               OAuth::fakeParams(OAuth::uniqueId(), email));
        HttpClient http;
        HttpResponse r =
            http.postJson("/api/auth/google/token", "{\"code\":\"" + code + "\"}", {}, t.host);
        TA_ASSERT_STATUS(200, r);
        auto o = r.json();
        CPPUNIT_ASSERT_EQUAL(email, o->getObject("user")->getValue<std::string>("email"));
        CPPUNIT_ASSERT_EQUAL(true, o->getObject("user")->getValue<bool>("email_verified"));
        TA_ASSERT("accessToken", !r.jsonString("accessToken").empty());
        TA_ASSERT("refresh cookie", r.cookie("refresh_token").present);
        TA_ASSERT("no Google token in the answer: " + r.body,
                  r.body.find("ya29.") == std::string::npos);
        TA_ASSERT_STATUS(
            200, http.get("/api/users/me", ItEnv::auth(r.jsonString("accessToken")), t.host));
        // A code is good once.
        TA_ASSERT_STATUS(502, http.postJson("/api/auth/google/token", "{\"code\":\"" + code + "\"}",
                                            {}, t.host));
        // A front end that used a redirect URI of its own names it.
        std::string email2 = ItEnv::uniqueEmail("web2");
        std::string code2 = OAuth::codeFromFake("google", t, "https://app.example/cb",
                                                OAuth::fakeParams(OAuth::uniqueId(), email2));
        TA_ASSERT_STATUS(200, http.postJson("/api/auth/google/token",
                                            "{\"code\":\"" + code2 +
                                                "\",\"redirect_uri\":\"https://app.example/cb\"}",
                                            {}, t.host));
    }

    void testGoogleTokenRouteRefusals() {
        const OAuthTenant& t = OAuth::tenant("plain");
        HttpClient http;
        TA_ASSERT_ERROR(400, "code is required",
                        http.postJson("/api/auth/google/token", "{}", {}, t.host));
        TA_ASSERT_ERROR(400, "code is required",
                        http.postJson("/api/auth/google/token", "{\"code\":\"\"}", {}, t.host));
        TA_ASSERT_ERROR(400, "code must be a string",
                        http.postJson("/api/auth/google/token", "{\"code\":5}", {}, t.host));
        TA_ASSERT_STATUS(
            502, http.postJson("/api/auth/google/token", "{\"code\":\"forged\"}", {}, t.host));
        std::string email = ItEnv::uniqueEmail("webunv");
        std::string code = OAuth::codeFromFake("google", t, "postmessage",
                                               OAuth::fakeParams(OAuth::uniqueId(), email, false));
        TA_ASSERT_ERROR(
            403, "The Google account has no verified email address",
            http.postJson("/api/auth/google/token", "{\"code\":\"" + code + "\"}", {}, t.host));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), OAuth::usersWithEmail(t, email));
    }

    void testStatusGithubAuthExchangesTheCode() {
        const OAuthTenant& t = OAuth::tenant("plain");
        std::string code = OAuth::codeFromFake("github", t, "https://status.example/cb",
                                               OAuth::fakeParams(OAuth::uniqueId(), "s@x.example"));
        HttpClient http;
        HttpResponse r = http.get("/api/v1/github/auth?code=" + code, {}, t.host);
        TA_ASSERT_STATUS(200, r);
        auto o = r.json();
        TA_ASSERT("keys: " + r.body, ta::test::StatusItHelpers::keys(o) ==
                                         (std::vector<std::string>{"access_token", "token_type"}));
        TA_ASSERT("GitHub's token: " + r.body, r.jsonString("access_token").rfind("gho_", 0) == 0);
        CPPUNIT_ASSERT_EQUAL(std::string("bearer"), r.jsonString("token_type"));
        // It is the provider's working token: the fake's API takes it.
        HttpResponse user = OAuth::fetch(OAuth::fakeUrl() + "/github/api/user");
        CPPUNIT_ASSERT_EQUAL(401, user.status);
        HttpResponse withToken =
            HttpClient(OAuth::fakeUrl(), "127.0.0.1")
                .get("/github/api/user", ItEnv::auth(r.jsonString("access_token")));
        CPPUNIT_ASSERT_EQUAL(200, withToken.status);
        // Nothing is stored or created by the exchange.
        CPPUNIT_ASSERT_EQUAL(std::string("0"), OAuth::usersWithEmail(t, "s@x.example"));
    }

    void testStatusGithubAuthRefusals() {
        const OAuthTenant& t = OAuth::tenant("plain");
        HttpClient http;
        STATUS_ASSERT_MESSAGE(400, "Authorization code is required",
                              http.get("/api/v1/github/auth", {}, t.host));
        STATUS_ASSERT_MESSAGE(400, "Authorization code is required",
                              http.get("/api/v1/github/auth?code=", {}, t.host));
        STATUS_ASSERT_MESSAGE(502, "Failed to retrieve GitHub token",
                              http.get("/api/v1/github/auth?code=forged", {}, t.host));
        std::string code = OAuth::codeFromFake("github", t, "https://status.example/cb",
                                               OAuth::fakeParams(OAuth::uniqueId(), "s@x.example"));
        TA_ASSERT_STATUS(200, http.get("/api/v1/github/auth?code=" + code, {}, t.host));
        STATUS_ASSERT_MESSAGE(502, "Failed to retrieve GitHub token",
                              http.get("/api/v1/github/auth?code=" + code, {}, t.host));
        std::string hang = OAuth::codeFromFake(
            "github", t, "https://status.example/cb",
            OAuth::fakeParams(OAuth::uniqueId(), "h@x.example", true, "token_hang"));
        HttpResponse slow = http.get("/api/v1/github/auth?code=" + hang, {}, t.host);
        STATUS_ASSERT_MESSAGE(502, "Failed to retrieve GitHub token", slow);
        TA_ASSERT("bounded: " + std::to_string(slow.seconds), slow.seconds < 12);
        // A tenant without GitHub settings cannot exchange anything.
        STATUS_ASSERT_MESSAGE(502, "Failed to retrieve GitHub token",
                              http.get("/api/v1/github/auth?code=abc", {}, "alpha.test"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OAuthProviderIT);
