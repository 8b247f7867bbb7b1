// POST /api/auth/forgot-password and /api/auth/reset-password, end to end through the
// SMTP sink: the mail, its link (from urls.resetPassword), the token's rules (single
// use, one hour, a newer one voids the older), sessions revoked, the same answer for
// unknown addresses, the hourly limit and the audit events.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <mutex>
#include <thread>
#include <vector>

#include "../api/status/StatusItHelpers.h"
#include "HttpClient.h"
#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItMail.h"
#include "ItTenant.h"
#include "TotpReference.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItMail;
using ta::test::ItMailMessage;
using ta::test::ItTenant;
using ta::test::ItUser;

namespace {
constexpr const char* kForgotAnswer =
    "If an account exists for this email, a password reset link has been sent.";
constexpr double kMailWait = 20;  // seconds: the sender polls every 2 s
}  // namespace

class PasswordResetIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PasswordResetIT);
    CPPUNIT_TEST(testResetEndToEnd);
    CPPUNIT_TEST(testTokenIsSingleUse);
    CPPUNIT_TEST(testExpiredTokenIsRefused);
    CPPUNIT_TEST(testNewRequestVoidsTheOlderToken);
    CPPUNIT_TEST(testUnknownEmailGetsTheSameAnswerAndNoMail);
    CPPUNIT_TEST(testSameTimeForKnownAndUnknownEmail);
    CPPUNIT_TEST(testAtMostThreeMailsPerAddressAndHour);
    CPPUNIT_TEST(testParallelRequestsEachMailedOnce);
    CPPUNIT_TEST(testBadInput);
    CPPUNIT_TEST(testTokenOfAnotherTenantIsRefused);
    CPPUNIT_TEST(testTenantWithoutResetUrlSendsNothing);
    CPPUNIT_TEST(testAuditEventsWithoutTokens);
    CPPUNIT_TEST(testTwoFactorStillAppliesAfterReset);
    CPPUNIT_TEST_SUITE_END();

    static const ItTenant& tenant() {
        static std::once_flag once;
        static ItTenant t;
        std::call_once(once, [] {
            t = ItTenant::create("pwr",
                                 withTwofaForAll(ItMail::settings(ItMail::sinkPort(), false)));
        });
        return t;
    }

    // `settings` (a JSON object) with "twofaSetup": "ALL", so any user may enrol.
    static std::string withTwofaForAll(const std::string& settings) {
        return settings.substr(0, settings.rfind('}')) + ", \"twofaSetup\": \"ALL\"}";
    }

public:
    HttpClient http;

    HttpResponse forgot(const std::string& email, const std::string& host = "") {
        return http.postJson("/api/auth/forgot-password", "{\"email\":" + ItEnv::quote(email) + "}",
                             {}, host.empty() ? tenant().host : host);
    }
    HttpResponse reset(const std::string& token, const std::string& password,
                       const std::string& host = "") {
        return http.postJson(
            "/api/auth/reset-password",
            "{\"token\":" + ItEnv::quote(token) + ",\"password\":" + ItEnv::quote(password) + "}",
            {}, host.empty() ? tenant().host : host);
    }
    HttpResponse refresh(const std::string& cookie) {
        return http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(cookie), "",
                         tenant().host);
    }
    // Requests a reset for `email` and returns the token of the `nth` mail to it.
    std::string requestToken(const std::string& email, size_t nth = 1) {
        HttpResponse r = forgot(email);
        TA_ASSERT_STATUS(200, r);
        auto mail = ItMail::await(email, ItMail::kResetUrl, kMailWait, nth);
        TA_ASSERT("reset mail #" + std::to_string(nth) + " to " + email + " within " +
                      std::to_string(kMailWait) + " s",
                  mail.has_value());
        std::string link = mail->linkStartingWith(ItMail::kResetUrl);
        TA_ASSERT("a link from urls.resetPassword in: " + mail->body, !link.empty());
        return ItMail::tokenOf(link);
    }
    static long lines(const std::string& text) {
        long n = 0;
        size_t start = 0;
        while (start < text.size()) {
            size_t end = text.find('\n', start);
            if (end == std::string::npos) end = text.size();
            if (end > start) ++n;
            start = end + 1;
        }
        return n;
    }

    void testResetEndToEnd() {
        ItUser u = ItEnv::registerUser(tenant().host);
        ItUser second = ItEnv::loginUser(u.email, u.password, tenant().host);
        HttpResponse r = forgot(u.email);
        TA_ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(std::string(kForgotAnswer), r.jsonString("message"));
        auto mail = ItMail::await(u.email, ItMail::kResetUrl, kMailWait);
        TA_ASSERT("reset mail to " + u.email, mail.has_value());
        TA_ASSERT(
            "From names the tenant and smtp.from: " + mail->header("From"),
            mail->header("From").find(tenant().slug) != std::string::npos &&
                mail->header("From").find("<no-reply@app.example.test>") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("<no-reply@app.example.test>"), mail->envelopeFrom);
        TA_ASSERT("plain text: " + mail->header("Content-Type"),
                  mail->header("Content-Type").find("text/plain") == 0);
        TA_ASSERT("Subject: " + mail->header("Subject"), !mail->header("Subject").empty());
        std::string link = mail->linkStartingWith(ItMail::kResetUrl);
        TA_ASSERT("link built from urls.resetPassword: " + mail->body, !link.empty());
        TA_ASSERT("no link to the request's host: " + mail->body,
                  mail->body.find(tenant().host) == std::string::npos);
        std::string token = ItMail::tokenOf(link);
        TA_ASSERT("token of 256 bits (43 base64url characters): " + token, token.size() == 43);

        std::string newPassword = "New-Password-" + ItEnv::uniqueSuffix();
        HttpResponse done = reset(token, newPassword);
        TA_ASSERT_STATUS(200, done);
        CPPUNIT_ASSERT_EQUAL(std::string("Password has been reset"), done.jsonString("message"));
        TA_ASSERT_ERROR(401, "Invalid email or password",
                        ItEnv::login(u.email, u.password, tenant().host));
        TA_ASSERT_STATUS(200, ItEnv::login(u.email, newPassword, tenant().host));
        // Every session from before the reset is over.
        TA_ASSERT_ERROR(401, "Invalid refresh token", refresh(u.refreshToken));
        TA_ASSERT_ERROR(401, "Invalid refresh token", refresh(second.refreshToken));
        // The reset link proved the address: it counts as verified.
        ItUser fresh = ItEnv::loginUser(u.email, newPassword, tenant().host);
        HttpResponse me = http.get("/api/users/me", ItEnv::auth(fresh.accessToken), tenant().host);
        TA_ASSERT_STATUS(200, me);
        TA_ASSERT("email_verified after reset: " + me.body,
                  me.json()->getObject("user")->getValue<bool>("email_verified"));
    }

    void testTokenIsSingleUse() {
        ItUser u = ItEnv::registerUser(tenant().host);
        std::string token = requestToken(u.email);
        TA_ASSERT_STATUS(200, reset(token, "First-New-Password-1"));
        TA_ASSERT_ERROR(400, "Invalid or expired reset token",
                        reset(token, "Second-New-Password-2"));
        TA_ASSERT_STATUS(200, ItEnv::login(u.email, "First-New-Password-1", tenant().host));
    }

    void testExpiredTokenIsRefused() {
        ItUser u = ItEnv::registerUser(tenant().host);
        std::string token = requestToken(u.email);
        // The daemon's clock is the database's now(): age the token there.
        ItAdmin::psql("UPDATE tenant_" + tenant().slug +
                      ".one_time_tokens SET expires_at = now() - interval '1 second' WHERE "
                      "token_hash = encode(sha256(convert_to('" +
                      token + "', 'UTF8')), 'hex')");
        TA_ASSERT_ERROR(400, "Invalid or expired reset token", reset(token, "Late-New-Password-1"));
        TA_ASSERT_STATUS(200, ItEnv::login(u.email, u.password, tenant().host));
    }

    void testNewRequestVoidsTheOlderToken() {
        ItUser u = ItEnv::registerUser(tenant().host);
        std::string first = requestToken(u.email, 1);
        std::string second = requestToken(u.email, 2);
        TA_ASSERT("two different tokens", first != second);
        TA_ASSERT_ERROR(400, "Invalid or expired reset token", reset(first, "Void-New-Password-1"));
        TA_ASSERT_STATUS(200, reset(second, "Kept-New-Password-2"));
    }

    void testUnknownEmailGetsTheSameAnswerAndNoMail() {
        ItUser u = ItEnv::registerUser(tenant().host);
        std::string unknown = ItEnv::uniqueEmail("nobody");
        HttpResponse a = forgot(unknown);
        HttpResponse b = forgot(u.email);
        TA_ASSERT_STATUS(200, a);
        CPPUNIT_ASSERT_EQUAL(b.status, a.status);
        CPPUNIT_ASSERT_EQUAL(b.body, a.body);
        CPPUNIT_ASSERT_EQUAL(b.header("Content-Type"), a.header("Content-Type"));
        TA_ASSERT("no Set-Cookie", !a.hasHeader("Set-Cookie") && !b.hasHeader("Set-Cookie"));
        // Both went to one tenant's outbox: once the known one arrived, an unknown one
        // would have too.
        TA_ASSERT("mail to the known address",
                  ItMail::await(u.email, ItMail::kResetUrl, kMailWait).has_value());
        TA_ASSERT("no mail to the unknown address", ItMail::to(unknown).empty());
        // Without urls.verifyEmail, registering mailed nothing.
        TA_ASSERT("only the reset mail", ItMail::to(u.email).size() == 1);
        CPPUNIT_ASSERT_EQUAL(0L, lines(ItMail::outboxOf(tenant().slug, unknown)));
        // A string that is no address at all is answered the same.
        HttpResponse c = forgot("not an address");
        TA_ASSERT_STATUS(200, c);
        CPPUNIT_ASSERT_EQUAL(b.body, c.body);
    }

    void testSameTimeForKnownAndUnknownEmail() {
        ItUser u = ItEnv::registerUser(tenant().host);
        std::vector<double> known, unknown;
        // The hourly limit keeps mailing the known address after 3, but the work per
        // request stays the same; alternate to share the machine's noise.
        for (int i = 0; i < 7; ++i) {
            known.push_back(forgot(u.email).seconds);
            unknown.push_back(forgot(ItEnv::uniqueEmail("nobody")).seconds);
        }
        std::sort(known.begin(), known.end());
        std::sort(unknown.begin(), unknown.end());
        double k = known[3], n = unknown[3];
        // A bcrypt (cost 12, ~0.2 s) or an SMTP exchange on one path only would show.
        TA_ASSERT("median known " + std::to_string(k) + " s vs unknown " + std::to_string(n) + " s",
                  std::abs(k - n) < 0.08);
    }

    void testParallelRequestsEachMailedOnce() {
        // Four sender processes (two daemons) share the outbox: each mail goes out once.
        const int n = 12;
        std::vector<ItUser> users;
        for (int i = 0; i < n; ++i) users.push_back(ItEnv::registerUser(tenant().host));
        std::vector<int> statuses(n, 0);
        std::vector<std::thread> threads;
        for (int i = 0; i < n; ++i)
            threads.emplace_back([&, i] {
                try {
                    statuses[i] = forgot(users[i].email).status;
                } catch (const std::exception&) {
                    statuses[i] = -1;
                }
            });
        for (auto& th : threads) th.join();
        for (int i = 0; i < n; ++i) CPPUNIT_ASSERT_EQUAL(200, statuses[i]);
        for (const ItUser& u : users)
            TA_ASSERT("mail to " + u.email, ItMail::await(u.email, ItMail::kResetUrl, kMailWait));
        // Time for a duplicate to show up, had two senders taken one mail.
        std::this_thread::sleep_for(std::chrono::seconds(3));
        for (const ItUser& u : users)
            CPPUNIT_ASSERT_EQUAL_MESSAGE(u.email, size_t(1),
                                         ItMail::to(u.email, ItMail::kResetUrl).size());
    }

    void testAtMostThreeMailsPerAddressAndHour() {
        ItUser u = ItEnv::registerUser(tenant().host);
        for (int i = 0; i < 5; ++i) {
            HttpResponse r = forgot(u.email);
            TA_ASSERT_STATUS(200, r);
            CPPUNIT_ASSERT_EQUAL(std::string(kForgotAnswer), r.jsonString("message"));
        }
        TA_ASSERT("three mails arrive",
                  ItMail::await(u.email, ItMail::kResetUrl, kMailWait, 3).has_value());
        std::string rows = ItMail::outboxOf(tenant().slug, u.email);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("outbox rows: " + rows, 3L, lines(rows));
        // The last mail's token is the live one.
        auto third = ItMail::await(u.email, ItMail::kResetUrl, 1, 3);
        TA_ASSERT_STATUS(200, reset(ItMail::tokenOf(third->linkStartingWith(ItMail::kResetUrl)),
                                    "Limited-New-Password-1"));
    }

    void testBadInput() {
        ItUser u = ItEnv::registerUser(tenant().host);
        std::string token = requestToken(u.email);
        HttpResponse shortPw = reset(token, "short");
        TA_ASSERT_STATUS(400, shortPw);
        TA_ASSERT("names the password: " + shortPw.body,
                  shortPw.errorMessage().find("password") != std::string::npos);
        TA_ASSERT_STATUS(400, reset(token, std::string(73, 'a')));
        // A refused password does not spend the token.
        TA_ASSERT_ERROR(400, "Invalid or expired reset token",
                        reset("made-up-token", "Valid-Password-1"));
        TA_ASSERT_ERROR(400, "Invalid or expired reset token", reset("", "Valid-Password-1"));
        TA_ASSERT_STATUS(
            400, http.postJson("/api/auth/reset-password", "{\"token\":\"x\"}", {}, tenant().host));
        TA_ASSERT_STATUS(400, http.postJson("/api/auth/forgot-password", "{}", {}, tenant().host));
        TA_ASSERT_STATUS(
            400, http.postJson("/api/auth/forgot-password", "{\"email\":5}", {}, tenant().host));
        TA_ASSERT_STATUS(
            415, http.send("POST", "/api/auth/forgot-password", {{"Content-Type", "text/plain"}},
                           "email=x", tenant().host));
        TA_ASSERT_STATUS(200, reset(token, "Still-Valid-Password-1"));
    }

    void testTokenOfAnotherTenantIsRefused() {
        ItUser u = ItEnv::registerUser(tenant().host);
        std::string token = requestToken(u.email);
        TA_ASSERT_ERROR(400, "Invalid or expired reset token",
                        reset(token, "Other-Tenant-Password-1", "alpha.test"));
        TA_ASSERT_STATUS(200, reset(token, "Own-Tenant-Password-1"));
    }

    void testTenantWithoutResetUrlSendsNothing() {
        // alpha has no urls.resetPassword: the same answer, nothing written.
        ItUser u = ItEnv::registerUser("alpha.test");
        HttpResponse r = forgot(u.email, "alpha.test");
        TA_ASSERT_STATUS(200, r);
        CPPUNIT_ASSERT_EQUAL(std::string(kForgotAnswer), r.jsonString("message"));
        CPPUNIT_ASSERT_EQUAL(0L, lines(ItMail::outboxOf("alpha", u.email)));
    }

    void testAuditEventsWithoutTokens() {
        ItUser u = ItEnv::registerUser(tenant().host);
        std::string token = requestToken(u.email);
        TA_ASSERT_STATUS(200, reset(token, "Audited-New-Password-1"));
        std::string admin = tenant().adminToken();
        for (const char* type : {"password_reset.requested", "password.reset"}) {
            HttpResponse r = ItAdmin::get(std::string("/api/admin/audit?limit=200&type=") + type,
                                          admin, tenant().host);
            TA_ASSERT_STATUS(200, r);
            TA_ASSERT(std::string(type) + " event for the user: " + r.body.substr(0, 600),
                      r.body.find(u.id) != std::string::npos);
            TA_ASSERT("no token in the audit", r.body.find(token) == std::string::npos);
        }
        HttpResponse all = ItAdmin::get("/api/admin/audit?limit=200", admin, tenant().host);
        TA_ASSERT("no token anywhere in the audit", all.body.find(token) == std::string::npos);
    }

    void testTwoFactorStillAppliesAfterReset() {
        ItUser u = ItEnv::registerUser(tenant().host);
        HttpResponse setup = http.send("POST", "/api/v1/users/2fa/setup",
                                       ItEnv::auth(u.accessToken), "", tenant().host);
        TA_ASSERT_STATUS(200, setup);
        std::string raw = ta::test::StatusItHelpers::base32Decode(setup.jsonString("secret"));
        std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
        TA_ASSERT_STATUS(200, http.postJson("/api/v1/users/2fa/verify",
                                            "{\"totpToken\":\"" +
                                                ta::test::TotpReference::code(raw, now) + "\"}",
                                            ItEnv::auth(u.accessToken), tenant().host));
        std::string token = requestToken(u.email);
        TA_ASSERT_STATUS(200, reset(token, "Two-Factor-New-Password-1"));
        std::string creds = ItEnv::credentials(u.email, "Two-Factor-New-Password-1");
        TA_ASSERT_ERROR(401, "2FA token required",
                        http.postJson("/api/auth/login", creds, {}, tenant().host));
        // The next step's code (the one used to enrol is spent).
        std::string withCode = creds.substr(0, creds.rfind('}')) + ",\"totpToken\":\"" +
                               ta::test::TotpReference::code(raw, now + 30) + "\"}";
        TA_ASSERT_STATUS(200, http.postJson("/api/auth/login", withCode, {}, tenant().host));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordResetIT);
