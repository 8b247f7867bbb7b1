// API.md's linking rules through the browser flow: known provider id, verified
// email, new user; an unverified provider email links nothing; two providers on one
// user; a 2FA user still gives a code.
#include <cppunit/extensions/HelperMacros.h>

#include "../status/StatusItHelpers.h"
#include "ItAssert.h"
#include "OAuthFixture.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItUser;
using ta::test::OAuth;
using ta::test::OAuthFlow;
using ta::test::OAuthTenant;
using ta::test::StatusItHelpers;

class OAuthLinkingIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(OAuthLinkingIT);
    CPPUNIT_TEST(testVerifiedEmailLinksTheExistingAccount);
    CPPUNIT_TEST(testUnverifiedProviderEmailNeverLinks);
    CPPUNIT_TEST(testUnverifiedLocalAccountIsClaimedByTheProvedOwner);
    CPPUNIT_TEST(testSecondProviderOnTheSameUser);
    CPPUNIT_TEST(testTwoFactorIsStillRequired);
    CPPUNIT_TEST(testDisabledUserIsRefused);
    CPPUNIT_TEST(testTwoFactorWithOauthSuccessRedirects);
    CPPUNIT_TEST_SUITE_END();

    static std::string userId(const HttpResponse& r) {
        return r.json()->getObject("user")->getValue<std::string>("id");
    }
    static std::string identities(const OAuthTenant& t, const std::string& userId) {
        return OAuth::sql(t,
                          "SELECT coalesce(string_agg(provider, ',' ORDER BY provider), '') "
                          "FROM {s}.oauth_identities WHERE user_id = '" +
                              userId + "'");
    }

public:
    void testVerifiedEmailLinksTheExistingAccount() {
        const OAuthTenant& t = OAuth::tenant("plain");
        ItUser u = ItEnv::registerUser(t.host);
        OAuth::sql(t, "UPDATE {s}.users SET email_verified = true WHERE id = '" + u.id + "'");
        OAuthFlow f = OAuth::run("github", t, OAuth::fakeParams(OAuth::uniqueId(), u.email));
        TA_ASSERT_STATUS(200, f.callback);
        CPPUNIT_ASSERT_EQUAL(u.id, userId(f.callback));
        CPPUNIT_ASSERT_EQUAL(std::string("github"), identities(t, u.id));
        // A verified account keeps its password and sessions.
        TA_ASSERT_STATUS(200, ItEnv::login(u.email, u.password, t.host));
        TA_ASSERT_STATUS(200, HttpClient().send("POST", "/api/auth/refresh",
                                                ItEnv::refreshCookie(u.refreshToken), "", t.host));
    }

    void testUnverifiedProviderEmailNeverLinks() {
        const OAuthTenant& t = OAuth::tenant("plain");
        for (std::string p : {"github", "google"}) {
            std::string label = p == "github" ? "GitHub" : "Google";
            ItUser u = ItEnv::registerUser(t.host);
            OAuth::sql(t, "UPDATE {s}.users SET email_verified = true WHERE id = '" + u.id + "'");
            OAuthFlow f = OAuth::run(p, t, OAuth::fakeParams(OAuth::uniqueId(), u.email, false));
            TA_ASSERT_ERROR(403, "The " + label + " account has no verified email address",
                            f.callback);
            CPPUNIT_ASSERT_EQUAL(std::string(""), identities(t, u.id));
            TA_ASSERT("no cookie on a refusal", !f.callback.cookie("refresh_token").present);
            // Nor does it make a new account for an address nobody proved.
            std::string fresh = ItEnv::uniqueEmail("unproved");
            OAuthFlow g = OAuth::run(p, t, OAuth::fakeParams(OAuth::uniqueId(), fresh, false));
            TA_ASSERT_ERROR(403, "The " + label + " account has no verified email address",
                            g.callback);
            CPPUNIT_ASSERT_EQUAL(std::string("0"), OAuth::usersWithEmail(t, fresh));
            TA_ASSERT_STATUS(200, ItEnv::login(u.email, u.password, t.host));
        }
    }

    void testUnverifiedLocalAccountIsClaimedByTheProvedOwner() {
        const OAuthTenant& t = OAuth::tenant("plain");
        // Registered by someone who never proved the address (pre-hijacking).
        ItUser squatter = ItEnv::registerUser(t.host);
        OAuthFlow f = OAuth::run("google", t, OAuth::fakeParams(OAuth::uniqueId(), squatter.email));
        TA_ASSERT_STATUS(200, f.callback);
        CPPUNIT_ASSERT_EQUAL(squatter.id, userId(f.callback));
        CPPUNIT_ASSERT_EQUAL(
            true, f.callback.json()->getObject("user")->getValue<bool>("email_verified"));
        TA_ASSERT_ERROR(401, "Invalid email or password",
                        ItEnv::login(squatter.email, squatter.password, t.host));
        TA_ASSERT_ERROR(401, "Invalid refresh token",
                        HttpClient().send("POST", "/api/auth/refresh",
                                          ItEnv::refreshCookie(squatter.refreshToken), "", t.host));
    }

    void testSecondProviderOnTheSameUser() {
        const OAuthTenant& t = OAuth::tenant("plain");
        std::string email = ItEnv::uniqueEmail("both");
        std::string gh = OAuth::uniqueId(), gg = OAuth::uniqueId();
        OAuthFlow a = OAuth::run("github", t, OAuth::fakeParams(gh, email));
        TA_ASSERT_STATUS(200, a.callback);
        std::string id = userId(a.callback);
        OAuthFlow b = OAuth::run("google", t, OAuth::fakeParams(gg, email));
        TA_ASSERT_STATUS(200, b.callback);
        CPPUNIT_ASSERT_EQUAL(id, userId(b.callback));
        CPPUNIT_ASSERT_EQUAL(std::string("github,google"), identities(t, id));
        // Each provider id now logs in to it, whatever address the provider shows.
        OAuthFlow c = OAuth::run("github", t, OAuth::fakeParams(gh, ItEnv::uniqueEmail("x")));
        OAuthFlow d = OAuth::run("google", t, OAuth::fakeParams(gg, ItEnv::uniqueEmail("y")));
        CPPUNIT_ASSERT_EQUAL(id, userId(c.callback));
        CPPUNIT_ASSERT_EQUAL(id, userId(d.callback));
        // A second GitHub account with the same address does not replace the first.
        OAuthFlow e = OAuth::run("github", t, OAuth::fakeParams(OAuth::uniqueId(), email));
        TA_ASSERT_ERROR(409, "This account is already linked to another GitHub account",
                        e.callback);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), OAuth::usersWithEmail(t, email));
    }

    // Turns 2FA on for the user of `accessToken`; the raw secret and the step used.
    static std::pair<std::string, std::int64_t> enableTwoFactor(const OAuthTenant& t,
                                                                const std::string& accessToken) {
        HttpClient http;
        HttpResponse setup =
            http.postJson("/api/v1/users/2fa/setup", "{}", ItEnv::auth(accessToken), t.host);
        TA_ASSERT_STATUS(200, setup);
        std::string secret = StatusItHelpers::base32Decode(setup.jsonString("secret"));
        std::int64_t step = StatusItHelpers::freshStep(10);
        TA_ASSERT_STATUS(
            200, http.postJson("/api/v1/users/2fa/verify",
                               "{\"totpToken\":\"" + StatusItHelpers::codeAt(secret, step) + "\"}",
                               ItEnv::auth(accessToken), t.host));
        return {secret, step};
    }

    void testTwoFactorWithOauthSuccessRedirects() {
        const OAuthTenant& t = OAuth::tenant("redirect");
        std::string gg = OAuth::uniqueId();
        std::string email = ItEnv::uniqueEmail("tfar");
        OAuthFlow first = OAuth::run("google", t, OAuth::fakeParams(gg, email));
        TA_ASSERT_STATUS(302, first.callback);
        HttpClient http;
        HttpResponse r = http.send(
            "POST", "/api/auth/refresh",
            ItEnv::refreshCookie(first.callback.cookie("refresh_token").value), "", t.host);
        TA_ASSERT_STATUS(200, r);
        auto [secret, step] = enableTwoFactor(t, r.jsonString("accessToken"));
        OAuthFlow f = OAuth::run("google", t, OAuth::fakeParams(gg, email));
        TA_ASSERT_STATUS(302, f.callback);
        CPPUNIT_ASSERT_EQUAL(t.successUrl + "&twofa=required", f.callback.header("Location"));
        TA_ASSERT("no session before the code", !f.callback.cookie("refresh_token").present);
        auto pending = f.callback.cookie("oauth_2fa");
        TA_ASSERT("pending cookie: " + f.callback.describe(), pending.present);
        HttpResponse ok =
            http.postJson("/api/auth/oauth/2fa",
                          "{\"totpToken\":\"" + StatusItHelpers::codeAt(secret, step + 1) + "\"}",
                          {{"Cookie", "oauth_2fa=" + pending.value}}, t.host);
        TA_ASSERT_STATUS(200, ok);
        CPPUNIT_ASSERT_EQUAL(email, ok.json()->getObject("user")->getValue<std::string>("email"));
    }

    void testDisabledUserIsRefused() {
        const OAuthTenant& t = OAuth::tenant("plain");
        std::string gh = OAuth::uniqueId();
        std::string email = ItEnv::uniqueEmail("off");
        OAuthFlow first = OAuth::run("github", t, OAuth::fakeParams(gh, email));
        TA_ASSERT_STATUS(200, first.callback);
        std::string id = userId(first.callback);
        HttpResponse off =
            ta::test::ItAdmin::patchUser(id, "{\"disabled\":true}", t.freshAdminToken(), t.host);
        TA_ASSERT_STATUS(200, off);
        OAuthFlow again = OAuth::run("github", t, OAuth::fakeParams(gh, email));
        TA_ASSERT_ERROR(403, "Account is disabled", again.callback);
        TA_ASSERT("no session", !again.callback.cookie("refresh_token").present);
        TA_ASSERT_STATUS(200, ta::test::ItAdmin::patchUser(id, "{\"disabled\":false}",
                                                           t.freshAdminToken(), t.host));
        TA_ASSERT_STATUS(200, OAuth::run("github", t, OAuth::fakeParams(gh, email)).callback);
    }

    void testTwoFactorIsStillRequired() {
        const OAuthTenant& t = OAuth::tenant("plain");
        std::string gh = OAuth::uniqueId();
        std::string email = ItEnv::uniqueEmail("tfa");
        OAuthFlow first = OAuth::run("github", t, OAuth::fakeParams(gh, email));
        TA_ASSERT_STATUS(200, first.callback);
        std::string token = first.callback.jsonString("accessToken");
        HttpClient http;
        HttpResponse setup =
            http.postJson("/api/v1/users/2fa/setup", "{}", ItEnv::auth(token), t.host);
        TA_ASSERT_STATUS(200, setup);
        std::string secret = StatusItHelpers::base32Decode(setup.jsonString("secret"));
        std::int64_t step = StatusItHelpers::freshStep(10);
        TA_ASSERT_STATUS(
            200, http.postJson("/api/v1/users/2fa/verify",
                               "{\"totpToken\":\"" + StatusItHelpers::codeAt(secret, step) + "\"}",
                               ItEnv::auth(token), t.host));

        OAuthFlow f = OAuth::run("github", t, OAuth::fakeParams(gh, email));
        TA_ASSERT_ERROR(401, "2FA token required", f.callback);
        TA_ASSERT("no session before the code", !f.callback.cookie("refresh_token").present);
        auto pending = f.callback.cookie("oauth_2fa");
        TA_ASSERT("pending cookie: " + f.callback.describe(),
                  pending.present && pending.has("httponly"));
        HttpClient::Headers cookie{{"Cookie", "oauth_2fa=" + pending.value}};
        auto code = [](const std::string& c) { return "{\"totpToken\":\"" + c + "\"}"; };
        TA_ASSERT_ERROR(401, "2FA token required",
                        http.postJson("/api/auth/oauth/2fa", "{}", cookie, t.host));
        TA_ASSERT_ERROR(
            401, "Invalid 2FA token",
            http.postJson("/api/auth/oauth/2fa", code(StatusItHelpers::wrongCode(secret, step)),
                          cookie, t.host));
        TA_ASSERT_ERROR(400, "Invalid or expired OAuth login",
                        http.postJson("/api/auth/oauth/2fa",
                                      code(StatusItHelpers::codeAt(secret, step + 1)), {}, t.host));
        HttpResponse ok = http.postJson(
            "/api/auth/oauth/2fa", code(StatusItHelpers::codeAt(secret, step + 1)), cookie, t.host);
        TA_ASSERT_STATUS(200, ok);
        CPPUNIT_ASSERT_EQUAL(userId(first.callback), userId(ok));
        TA_ASSERT("refresh cookie after the code", ok.cookie("refresh_token").present);
        TA_ASSERT_STATUS(
            200, http.get("/api/users/me", ItEnv::auth(ok.jsonString("accessToken")), t.host));
        // The pending login is used up.
        TA_ASSERT_ERROR(
            400, "Invalid or expired OAuth login",
            http.postJson("/api/auth/oauth/2fa", code(StatusItHelpers::codeAt(secret, step - 1)),
                          cookie, t.host));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(OAuthLinkingIT);
