// GitHub and Google sign-in as a browser walks it: the start route's redirect, the
// fake provider's authorize, the callback with the state cookie; state and PKCE.
#include <cppunit/extensions/HelperMacros.h>

#include "ItAssert.h"
#include "OAuthFixture.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::OAuth;
using ta::test::OAuthFlow;
using ta::test::OAuthTenant;

class OAuthBrowserIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OAuthBrowserIT);
    CPPUNIT_TEST(testStartRedirectsWithStatePkceAndCookie);
    CPPUNIT_TEST(testGitHubFlowCreatesAVerifiedUser);
    CPPUNIT_TEST(testGoogleFlowRedirectsToOauthSuccess);
    CPPUNIT_TEST(testKnownProviderIdLogsInTheSameUser);
    CPPUNIT_TEST(testMissingOrWrongStateIsRefused);
    CPPUNIT_TEST(testStateFromAnotherBrowserIsRefused);
    CPPUNIT_TEST(testReusedStateIsRefused);
    CPPUNIT_TEST(testExpiredStateIsRefused);
    CPPUNIT_TEST(testTamperedPkceChallengeIsRefusedByTheProvider);
    CPPUNIT_TEST(testUnconfiguredProviderIs404);
    CPPUNIT_TEST(testProviderErrorIsA400);
    CPPUNIT_TEST(testOversizedParametersAre400);
    CPPUNIT_TEST_SUITE_END();

    static const char* kBadState() { return "Invalid or expired OAuth state"; }

public:
    void testStartRedirectsWithStatePkceAndCookie() {
        const OAuthTenant& t = OAuth::tenant("plain");
        for (std::string p : {"github", "google"}) {
            HttpResponse a = OAuth::startAt(p, t), b = OAuth::startAt(p, t);
            TA_ASSERT_STATUS(302, a);
            std::string loc = a.header("Location");
            std::string authorize =
                OAuth::fakeUrl() +
                (p == "github" ? "/github/login/oauth/authorize?" : "/google/auth?");
            TA_ASSERT(p + " Location: " + loc, loc.rfind(authorize, 0) == 0);
            CPPUNIT_ASSERT_EQUAL(OAuth::clientId(p, t), OAuth::queryParam(loc, "client_id"));
            CPPUNIT_ASSERT_EQUAL(ItEnv::var("TA_BASE_URL") + "/api/auth/" + p + "/callback",
                                 OAuth::queryParam(loc, "redirect_uri"));
            CPPUNIT_ASSERT_EQUAL(
                std::string(p == "github" ? "read:user user:email" : "openid email profile"),
                OAuth::queryParam(loc, "scope"));
            CPPUNIT_ASSERT_EQUAL(std::string("S256"),
                                 OAuth::queryParam(loc, "code_challenge_method"));
            CPPUNIT_ASSERT_EQUAL(std::size_t(43), OAuth::queryParam(loc, "code_challenge").size());
            std::string state = OAuth::queryParam(loc, "state");
            TA_ASSERT("state of " + loc, state.size() >= 32);
            TA_ASSERT("a second start gets another state",
                      state != OAuth::queryParam(b.header("Location"), "state"));
            TA_ASSERT("no secret in " + loc, loc.find("secret") == std::string::npos);
            auto c = a.cookie("oauth_state_" + p);
            TA_ASSERT("state cookie: " + a.describe(), c.present && c.value.size() >= 32);
            TA_ASSERT("HttpOnly: " + c.raw, c.has("httponly"));
            TA_ASSERT("SameSite=Lax: " + c.raw, c.attr("samesite") == "Lax");
            int maxAge = std::stoi(c.attr("max-age"));
            TA_ASSERT("Max-Age within 10 minutes: " + c.raw, maxAge > 0 && maxAge <= 600);
            TA_ASSERT("the cookie is not the state", c.value != state);
        }
    }

    void testGitHubFlowCreatesAVerifiedUser() {
        const OAuthTenant& t = OAuth::tenant("plain");
        std::string email = ItEnv::uniqueEmail("gh");
        OAuthFlow f = OAuth::run("github", t, OAuth::fakeParams(OAuth::uniqueId(), email));
        TA_ASSERT_STATUS(200, f.callback);
        auto user = f.callback.json()->getObject("user");
        CPPUNIT_ASSERT_EQUAL(email, user->getValue<std::string>("email"));
        CPPUNIT_ASSERT_EQUAL(true, user->getValue<bool>("email_verified"));
        CPPUNIT_ASSERT_EQUAL(std::string("Fake Person"), user->getValue<std::string>("full_name"));
        TA_ASSERT(
            "avatar_url: " + f.callback.body,
            user->getValue<std::string>("avatar_url").find("avatars.example") != std::string::npos);
        TA_ASSERT("no provider token reaches the browser: " + f.callback.body,
                  f.callback.body.find("gho_") == std::string::npos);
        auto refresh = f.callback.cookie("refresh_token");
        TA_ASSERT("refresh cookie: " + f.callback.describe(),
                  refresh.present && refresh.has("httponly"));
        TA_ASSERT("state cookie cleared",
                  f.callback.cookie("oauth_state_github").attr("max-age") == "0");
        // The session is a real one: the token reads the user, the cookie refreshes.
        HttpClient http;
        HttpResponse me =
            http.get("/api/users/me", ItEnv::auth(f.callback.jsonString("accessToken")), t.host);
        TA_ASSERT_STATUS(200, me);
        CPPUNIT_ASSERT_EQUAL(user->getValue<std::string>("id"),
                             me.json()->getObject("user")->getValue<std::string>("id"));
        TA_ASSERT_STATUS(200, http.send("POST", "/api/auth/refresh",
                                        ItEnv::refreshCookie(refresh.value), "", t.host));
        // The fake saw the client secret and a verifier matching the challenge (it
        // refuses otherwise); the verifier went to the provider, never to the browser.
        auto last = OAuth::fetch(OAuth::fakeUrl() + "/_last_token").json();
        CPPUNIT_ASSERT_EQUAL(std::string("secret-github-" + t.slug),
                             last->getValue<std::string>("client_secret"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(43), last->getValue<std::string>("code_verifier").size());
        TA_ASSERT("verifier is not the cookie",
                  last->getValue<std::string>("code_verifier") != f.cookie);
    }

    void testGoogleFlowRedirectsToOauthSuccess() {
        const OAuthTenant& t = OAuth::tenant("redirect");
        std::string email = ItEnv::uniqueEmail("gg");
        OAuthFlow f = OAuth::run("google", t, OAuth::fakeParams(OAuth::uniqueId(), email));
        TA_ASSERT_STATUS(302, f.callback);
        CPPUNIT_ASSERT_EQUAL(t.successUrl, f.callback.header("Location"));
        TA_ASSERT("no token in the redirect",
                  f.callback.body.find("accessToken") == std::string::npos);
        auto refresh = f.callback.cookie("refresh_token");
        TA_ASSERT("refresh cookie on the redirect: " + f.callback.describe(), refresh.present);
        // The page behind oauthSuccess gets its access token from the cookie.
        HttpClient http;
        HttpResponse r =
            http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(refresh.value), "", t.host);
        TA_ASSERT_STATUS(200, r);
        HttpResponse me =
            http.get("/api/users/me", ItEnv::auth(r.jsonString("accessToken")), t.host);
        TA_ASSERT_STATUS(200, me);
        CPPUNIT_ASSERT_EQUAL(email, me.json()->getObject("user")->getValue<std::string>("email"));
        CPPUNIT_ASSERT_EQUAL(true, me.json()->getObject("user")->getValue<bool>("email_verified"));
    }

    void testKnownProviderIdLogsInTheSameUser() {
        const OAuthTenant& t = OAuth::tenant("plain");
        std::string id = OAuth::uniqueId();
        std::string email = ItEnv::uniqueEmail("again");
        OAuthFlow first = OAuth::run("google", t, OAuth::fakeParams(id, email));
        TA_ASSERT_STATUS(200, first.callback);
        // Same Google account, address since changed at Google (even unverified): the
        // provider id decides.
        OAuthFlow second =
            OAuth::run("google", t, OAuth::fakeParams(id, ItEnv::uniqueEmail("moved"), false));
        TA_ASSERT_STATUS(200, second.callback);
        CPPUNIT_ASSERT_EQUAL(
            first.callback.json()->getObject("user")->getValue<std::string>("id"),
            second.callback.json()->getObject("user")->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("1"), OAuth::usersWithEmail(t, email));
    }

    void testMissingOrWrongStateIsRefused() {
        const OAuthTenant& t = OAuth::tenant("plain");
        std::string email = ItEnv::uniqueEmail("nostate");
        OAuthFlow f = OAuth::run("github", t, OAuth::fakeParams(OAuth::uniqueId(), email),
                                 [](const std::string& s) { return s; });
        TA_ASSERT_STATUS(200, f.callback);  // the reference: this flow works untouched
        for (std::string p : {"github", "google"}) {
            HttpResponse s = OAuth::startAt(p, t);
            std::string cookie = "oauth_state_" + p + "=" + s.cookie("oauth_state_" + p).value;
            std::string state = OAuth::queryParam(s.header("Location"), "state");
            std::string cb = "/api/auth/" + p + "/callback";
            TA_ASSERT_ERROR(400, kBadState(), OAuth::callback(cb + "?code=abc", t, cookie));
            TA_ASSERT_ERROR(400, kBadState(), OAuth::callback(cb + "?code=abc&state=", t, cookie));
            TA_ASSERT_ERROR(400, kBadState(),
                            OAuth::callback(cb + "?code=abc&state=x" + state, t, cookie));
            TA_ASSERT_ERROR(400, kBadState(),
                            OAuth::callback(cb + "?code=abc&state=" + state, t, ""));
            // The other provider's route does not take this provider's state.
            std::string other = p == "github" ? "google" : "github";
            TA_ASSERT_ERROR(
                400, kBadState(),
                OAuth::callback("/api/auth/" + other + "/callback?code=abc&state=" + state, t,
                                "oauth_state_" + other + "=" + s.cookie("oauth_state_" + p).value));
        }
    }

    void testStateFromAnotherBrowserIsRefused() {
        const OAuthTenant& t = OAuth::tenant("plain");
        // The victim's browser holds a state cookie of its own.
        HttpResponse mine = OAuth::startAt("github", t);
        std::string otherCookie = mine.cookie("oauth_state_github").value;
        // The attacker's flow, its callback URL (code + state) opened in the victim's
        // browser: the state is live, but bound to the attacker's cookie.
        std::string email = ItEnv::uniqueEmail("csrf");
        HttpResponse s = OAuth::startAt("github", t);
        std::string loc = s.header("Location") + "&" + OAuth::fakeParams(OAuth::uniqueId(), email);
        HttpResponse back = OAuth::fetch(loc);
        std::string path = Poco::URI(back.header("Location")).getPathEtc();
        TA_ASSERT_ERROR(400, kBadState(),
                        OAuth::callback(path, t, "oauth_state_github=" + otherCookie));
        CPPUNIT_ASSERT_EQUAL(std::string("0"), OAuth::usersWithEmail(t, email));
        // The refusal was the binding: with its own cookie the same callback still works.
        HttpResponse own =
            OAuth::callback(path, t, "oauth_state_github=" + s.cookie("oauth_state_github").value);
        TA_ASSERT_STATUS(200, own);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), OAuth::usersWithEmail(t, email));
    }

    void testOversizedParametersAre400() {
        const OAuthTenant& t = OAuth::tenant("plain");
        std::string big(600, 'a');
        HttpResponse s = OAuth::startAt("github", t);
        std::string state = OAuth::queryParam(s.header("Location"), "state");
        std::string cookie = "oauth_state_github=" + s.cookie("oauth_state_github").value;
        TA_ASSERT_ERROR(
            400, kBadState(),
            OAuth::callback("/api/auth/github/callback?code=x&state=" + big, t, cookie));
        TA_ASSERT_ERROR(400, kBadState(),
                        OAuth::callback("/api/auth/github/callback?code=x&state=" + state, t,
                                        "oauth_state_github=" + big));
        TA_ASSERT_ERROR(400, "code is too long",
                        OAuth::callback("/api/auth/github/callback?code=" + big + "&state=" + state,
                                        t, cookie));
        HttpClient http;
        TA_ASSERT_ERROR(
            400, "code is too long",
            http.postJson("/api/auth/google/token", "{\"code\":\"" + big + "\"}", {}, t.host));
        TA_ASSERT_ERROR(400, "code is too long",
                        http.get("/api/v1/github/auth?code=" + big, {}, t.host));
    }

    void testProviderErrorIsA400() {
        const OAuthTenant& t = OAuth::tenant("plain");
        HttpResponse s = OAuth::startAt("google", t);
        std::string state = OAuth::queryParam(s.header("Location"), "state");
        std::string cookie = "oauth_state_google=" + s.cookie("oauth_state_google").value;
        // The user pressed "Cancel" at Google.
        TA_ASSERT_ERROR(
            400, "Google sign-in was not completed: access_denied",
            OAuth::callback("/api/auth/google/callback?error=access_denied&state=" + state, t,
                            cookie));
        // That used the state up.
        TA_ASSERT_ERROR(
            400, kBadState(),
            OAuth::callback("/api/auth/google/callback?code=x&state=" + state, t, cookie));
    }

    void testReusedStateIsRefused() {
        const OAuthTenant& t = OAuth::tenant("plain");
        std::string email = ItEnv::uniqueEmail("reuse");
        OAuthFlow f = OAuth::run("google", t, OAuth::fakeParams(OAuth::uniqueId(), email));
        TA_ASSERT_STATUS(200, f.callback);
        TA_ASSERT_ERROR(400, kBadState(),
                        OAuth::callback(f.callbackPath, t, "oauth_state_google=" + f.cookie));
        // The same state with a fresh code (a second trip to the provider): still used up.
        std::string path = "/api/auth/google/callback?code=fresh&state=" + f.state;
        TA_ASSERT_ERROR(400, kBadState(),
                        OAuth::callback(path, t, "oauth_state_google=" + f.cookie));
    }

    void testExpiredStateIsRefused() {
        const OAuthTenant& t = OAuth::tenant("plain");
        std::string email = ItEnv::uniqueEmail("late");
        auto age = [&](const std::string& loc) {
            std::string state = OAuth::queryParam(loc, "state");
            // Ten minutes and a second later, as the database sees it.
            std::string n = OAuth::sql(
                t,
                "UPDATE {s}.oauth_states SET expires_at = now() - interval '1 second' WHERE "
                "state_hash = encode(sha256(convert_to('" +
                    state +
                    "', 'UTF8')), 'hex') "
                    "RETURNING 1");
            if (n != "1") throw std::runtime_error("state row not found for " + state);
            return loc;
        };
        OAuthFlow f = OAuth::run("github", t, OAuth::fakeParams(OAuth::uniqueId(), email), age);
        TA_ASSERT_ERROR(400, kBadState(), f.callback);
        CPPUNIT_ASSERT_EQUAL(std::string("0"), OAuth::usersWithEmail(t, email));
    }

    void testTamperedPkceChallengeIsRefusedByTheProvider() {
        const OAuthTenant& t = OAuth::tenant("plain");
        for (std::string p : {"github", "google"}) {
            std::string email = ItEnv::uniqueEmail("pkce");
            // Someone swaps the challenge on the way to the provider: the verifier
            // tenantauth sends no longer matches, the provider refuses the code.
            auto swap = [](const std::string& loc) {
                std::string c = OAuth::queryParam(loc, "code_challenge");
                std::string out = loc;
                out.replace(out.find(c), c.size(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
                return out;
            };
            OAuthFlow f = OAuth::run(p, t, OAuth::fakeParams(OAuth::uniqueId(), email), swap);
            TA_ASSERT_STATUS(502, f.callback);
            TA_ASSERT("error body: " + f.callback.describe(), !f.callback.errorMessage().empty());
            CPPUNIT_ASSERT_EQUAL(std::string("0"), OAuth::usersWithEmail(t, email));
        }
    }

    void testUnconfiguredProviderIs404() {
        HttpClient http;
        TA_ASSERT_ERROR(404, "GitHub sign-in is not configured", http.get("/api/auth/github"));
        TA_ASSERT_ERROR(404, "Google sign-in is not configured", http.get("/api/auth/google"));
        TA_ASSERT_ERROR(404, "Google sign-in is not configured",
                        http.postJson("/api/auth/google/token", "{\"code\":\"x\"}"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OAuthBrowserIT);
