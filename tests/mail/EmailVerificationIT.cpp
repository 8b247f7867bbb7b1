// Email verification: register sends the mail when the tenant has SMTP and
// urls.verifyEmail; POST /api/auth/verify-email with the link's token sets
// email_verified (seen in /api/users/me); the token is single use and lasts 24 hours.
#include <cppunit/extensions/HelperMacros.h>

#include <mutex>

#include "HttpClient.h"
#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItMail.h"
#include "ItTenant.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItMail;
using ta::test::ItTenant;
using ta::test::ItUser;

namespace {
constexpr double kMailWait = 20;
}

class EmailVerificationIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EmailVerificationIT);
    CPPUNIT_TEST(testRegisterMailsAndVerifySetsTheFlag);
    CPPUNIT_TEST(testTokenIsSingleUse);
    CPPUNIT_TEST(testExpiredTokenIsRefused);
    CPPUNIT_TEST(testTokenOfAnotherTenantIsRefused);
    CPPUNIT_TEST(testBadInput);
    CPPUNIT_TEST(testNoMailWithoutVerifyUrl);
    CPPUNIT_TEST_SUITE_END();

    static const ItTenant& tenant() {
        static std::once_flag once;
        static ItTenant t;
        std::call_once(once,
                       [] { t = ItTenant::create("ver", ItMail::settings(ItMail::sinkPort())); });
        return t;
    }

public:
    HttpClient http;

    HttpResponse verify(const std::string& token, const std::string& host = "") {
        return http.postJson("/api/auth/verify-email", "{\"token\":" + ItEnv::quote(token) + "}",
                             {}, host.empty() ? tenant().host : host);
    }
    bool verified(const ItUser& u) {
        HttpResponse me = http.get("/api/users/me", ItEnv::auth(u.accessToken), u.host);
        TA_ASSERT_STATUS(200, me);
        return me.json()->getObject("user")->getValue<bool>("email_verified");
    }
    // Registers a user of the suite's tenant and returns the token of its mail.
    std::string registerAndToken(ItUser& u) {
        u = ItEnv::registerUser(tenant().host);
        auto mail = ItMail::await(u.email, ItMail::kVerifyUrl, kMailWait);
        TA_ASSERT("verification mail to " + u.email, mail.has_value());
        std::string link = mail->linkStartingWith(ItMail::kVerifyUrl);
        TA_ASSERT("link built from urls.verifyEmail: " + mail->body, !link.empty());
        return ItMail::tokenOf(link);
    }

    void testRegisterMailsAndVerifySetsTheFlag() {
        ItUser u;
        std::string token = registerAndToken(u);
        TA_ASSERT("register answers email_verified false: " + u.response.body,
                  !u.response.json()->getObject("user")->getValue<bool>("email_verified"));
        TA_ASSERT("not verified before", !verified(u));
        HttpResponse r = verify(token);
        TA_ASSERT_STATUS(200, r);
        TA_ASSERT("message: " + r.body, !r.jsonString("message").empty());
        TA_ASSERT("verified after", verified(u));
        HttpResponse audit = ItAdmin::get("/api/admin/audit?limit=50&type=email.verified",
                                          tenant().adminToken(), tenant().host);
        TA_ASSERT_STATUS(200, audit);
        TA_ASSERT("email.verified event for the user: " + audit.body.substr(0, 600),
                  audit.body.find(u.id) != std::string::npos);
        TA_ASSERT("no token in the audit", audit.body.find(token) == std::string::npos);
    }

    void testTokenIsSingleUse() {
        ItUser u;
        std::string token = registerAndToken(u);
        TA_ASSERT_STATUS(200, verify(token));
        TA_ASSERT_ERROR(400, "Invalid or expired verification token", verify(token));
    }

    void testExpiredTokenIsRefused() {
        ItUser u;
        std::string token = registerAndToken(u);
        ItAdmin::psql("UPDATE tenant_" + tenant().slug +
                      ".one_time_tokens SET expires_at = now() - interval '1 second' WHERE "
                      "token_hash = encode(sha256(convert_to('" +
                      token + "', 'UTF8')), 'hex')");
        TA_ASSERT_ERROR(400, "Invalid or expired verification token", verify(token));
        TA_ASSERT("still not verified", !verified(u));
    }

    void testTokenOfAnotherTenantIsRefused() {
        ItUser u;
        std::string token = registerAndToken(u);
        TA_ASSERT_ERROR(400, "Invalid or expired verification token", verify(token, "alpha.test"));
        TA_ASSERT_STATUS(200, verify(token));
    }

    void testBadInput() {
        TA_ASSERT_ERROR(400, "Invalid or expired verification token", verify("made-up"));
        TA_ASSERT_ERROR(400, "Invalid or expired verification token", verify(""));
        TA_ASSERT_STATUS(400, http.postJson("/api/auth/verify-email", "{}", {}, tenant().host));
        TA_ASSERT_STATUS(
            400, http.postJson("/api/auth/verify-email", "{\"token\":1}", {}, tenant().host));
        TA_ASSERT_STATUS(400, http.postJson("/api/auth/verify-email", "[", {}, tenant().host));
    }

    void testNoMailWithoutVerifyUrl() {
        // alpha has SMTP defaults but no urls.verifyEmail: registering writes no mail.
        ItUser u = ItEnv::registerUser("alpha.test");
        std::string rows = ItAdmin::psql(
            "SELECT count(*) FROM tenant_alpha.mail_outbox WHERE recipient = '" + u.email + "'");
        CPPUNIT_ASSERT_EQUAL(std::string("0"), rows.substr(0, rows.find('\n')));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(EmailVerificationIT);
