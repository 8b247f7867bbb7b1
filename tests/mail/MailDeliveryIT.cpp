// The outbox and its sender: a mail server that is down or refuses loses no mail
// (it goes out, once, when the server is back); a request never waits for it; AUTH
// with the tenant's (sealed) SMTP password set through PATCH /api/admin/settings.
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <thread>
#include <vector>

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
using ta::test::ItOwnSink;
using ta::test::ItTenant;
using ta::test::ItUser;

class MailDeliveryIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MailDeliveryIT);
    CPPUNIT_TEST(testServerDownThenRefusingThenUp);
    CPPUNIT_TEST(testAuthWithTheSealedPassword);
    CPPUNIT_TEST(testSlowServerDelaysNoRequest);
    CPPUNIT_TEST_SUITE_END();

public:
    HttpClient http;

    HttpResponse forgot(const std::string& email, const std::string& host) {
        return http.postJson("/api/auth/forgot-password", "{\"email\":" + ItEnv::quote(email) + "}",
                             {}, host);
    }
    // The outbox row of `email` has been tried at least `attempts` times and failed.
    bool failedAttempts(const ItTenant& t, const std::string& email, int attempts) {
        std::string row = ItMail::outboxOf(t.slug, email);  // sent|attempts|last_error
        size_t a = row.find('|'), b = row.find('|', a + 1);
        if (a == std::string::npos || b == std::string::npos) return false;
        return row.substr(0, a) == "false" && std::stoi(row.substr(a + 1, b - a - 1)) >= attempts &&
               row.size() > b + 2;
    }

    void testServerDownThenRefusingThenUp() {
        ItOwnSink sink;  // its port: nothing listens there yet
        ItTenant t = ItTenant::create("mdown", ItMail::settings(sink.port()));
        ItUser u = ItEnv::registerUser(t.host);
        HttpResponse r = forgot(u.email, t.host);
        TA_ASSERT_STATUS(200, r);
        TA_ASSERT("the request does not wait for the mail server: " + std::to_string(r.seconds),
                  r.seconds < 2);
        // Down: connection refused, recorded, tried again.
        TA_ASSERT("failed attempts recorded: " + ItMail::outboxOf(t.slug, u.email),
                  ItEnv::poll(20, [&] { return failedAttempts(t, u.email, 2); }));
        // Up but refusing (421 at the greeting).
        sink.start("--refuse");
        std::string before = ItMail::outboxOf(t.slug, u.email);
        int seen = std::stoi(before.substr(before.find('|') + 1));
        TA_ASSERT("refused attempts recorded: " + ItMail::outboxOf(t.slug, u.email),
                  ItEnv::poll(30, [&] { return failedAttempts(t, u.email, seen + 1); }));
        TA_ASSERT("the refusal is the last error: " + ItMail::outboxOf(t.slug, u.email),
                  ItMail::outboxOf(t.slug, u.email).find("421") != std::string::npos);
        sink.stop();
        // Back: the mail goes out, once.
        sink.start();
        auto mail = ItMail::await(u.email, ItMail::kResetUrl, 40, 1, sink.mailDir());
        TA_ASSERT("the mail arrives once the server is back", mail.has_value());
        std::string token = ItMail::tokenOf(mail->linkStartingWith(ItMail::kResetUrl));
        HttpResponse done = http.postJson(
            "/api/auth/reset-password",
            "{\"token\":" + ItEnv::quote(token) + ",\"password\":\"After-Outage-Password-1\"}", {},
            t.host);
        TA_ASSERT_STATUS(200, done);
        TA_ASSERT("recorded as sent: " + ItMail::outboxOf(t.slug, u.email), ItEnv::poll(5, [&] {
                      return ItMail::outboxOf(t.slug, u.email).rfind("true|", 0) == 0;
                  }));
        std::this_thread::sleep_for(std::chrono::seconds(3));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("sent exactly once", size_t(1),
                                     ItMail::to(u.email, ItMail::kResetUrl, sink.mailDir()).size());
        // The verification mail written at registration went through the outage too.
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "verification mail once", size_t(1),
            ItMail::to(u.email, ItMail::kVerifyUrl, sink.mailDir()).size());
        std::string sql = "SELECT count(*) FROM tenant_" + t.slug +
                          ".mail_outbox WHERE recipient = '" + u.email +
                          "' AND (sent_at IS NULL OR body_sealed <> '')";
        TA_ASSERT("both sent, bodies (with their tokens) cleared",
                  ItEnv::poll(5, [&] { return ItAdmin::psql(sql).rfind("0", 0) == 0; }));
        // Nothing pending: the tenant leaves the control queue, so idle tenants cost
        // the sender nothing.
        std::string queued =
            "SELECT count(*) FROM tenantauth.mail_queue q JOIN "
            "tenantauth.tenants t ON t.id = q.tenant_id WHERE t.slug = '" +
            t.slug + "'";
        TA_ASSERT("tenant off the mail queue",
                  ItEnv::poll(10, [&] { return ItAdmin::psql(queued).rfind("0", 0) == 0; }));
    }

    void testAuthWithTheSealedPassword() {
        ItOwnSink sink;
        std::string password = "smtp-" + ItEnv::uniqueSuffix();
        sink.start("--user mailer:" + password);
        ItTenant t = ItTenant::create("mauth");
        // What a tenant admin does (README): the SMTP server and the links.
        HttpResponse patch = ItAdmin::json(
            "PATCH", "/api/admin/settings",
            "{\"smtp\": {\"host\": \"127.0.0.1\", \"port\": " + std::to_string(sink.port()) +
                ", \"username\": \"mailer\", \"password\": \"" + password +
                "\", \"from\": \"accounts@app.example.test\"}, \"urls\": {\"resetPassword\": "
                "\"https://app.example.test/reset?token={token}\"}}",
            t.adminToken(), t.host);
        TA_ASSERT_STATUS(200, patch);
        TA_ASSERT("the password is write-only: " + patch.body,
                  patch.body.find(password) == std::string::npos);
        std::string stored = ItAdmin::psql(
            "SELECT settings::text FROM tenantauth.tenants WHERE slug = '" + t.slug + "'");
        TA_ASSERT("the password is sealed at rest", stored.find(password) == std::string::npos);
        // Every worker process of both daemons picks the change up within its refresh.
        std::this_thread::sleep_for(std::chrono::milliseconds(5500));
        ItUser u = ItEnv::registerUser(t.host);
        TA_ASSERT_STATUS(200, forgot(u.email, t.host));
        auto mail = ItMail::await(u.email, ItMail::kResetUrl, 20, 1, sink.mailDir());
        TA_ASSERT("mail through the authenticating server", mail.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("PLAIN mailer"), mail->auth);
        CPPUNIT_ASSERT_EQUAL(std::string("<accounts@app.example.test>"), mail->envelopeFrom);
    }

    void testSlowServerDelaysNoRequest() {
        ItOwnSink sink;
        sink.start("--delay 4");
        ItTenant t = ItTenant::create("mslow", ItMail::settings(sink.port(), false));
        std::vector<ItUser> users;
        for (int i = 0; i < 3; ++i) users.push_back(ItEnv::registerUser(t.host));
        // While the sender waits on the slow server, requests answer at once.
        for (const ItUser& u : users) {
            HttpResponse r = forgot(u.email, t.host);
            TA_ASSERT_STATUS(200, r);
            TA_ASSERT("answered at once: " + std::to_string(r.seconds) + " s", r.seconds < 2);
        }
        for (const ItUser& u : users)
            TA_ASSERT("mail to " + u.email + " arrives through the slow server",
                      ItMail::await(u.email, ItMail::kResetUrl, 60, 1, sink.mailDir()));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MailDeliveryIT);
