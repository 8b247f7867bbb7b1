// Login lockout (tenant setting loginLockout): failures count per account and per
// client address on every route that checks a password or a code, parallel failures
// all count, a lock answers 429 with Retry-After whatever the password, a success
// resets the account's count and a lock ends by itself. One tenant of its own, with
// a short lock and fast bcrypt.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "../status/StatusItHelpers.h"
#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItTenant.h"

using namespace ta::test;

namespace {
constexpr int kMax = 10;
constexpr int kLockSeconds = 3;
const char* kLocked = "Too many failed login attempts, try again later";

const ItTenant& tenant() {
    static const ItTenant t =
        ItTenant::create("lock",
                         "{\"bcryptCost\": 4, \"twofaSetup\": \"ALL\", \"loginLockout\": "
                         "{\"maxFailures\": 10, \"windowSeconds\": 120, "
                         "\"lockSeconds\": 3}}");
    return t;
}

HttpResponse loginAt(const ItUser& u, const std::string& password) {
    return ItEnv::login(u.email, password, tenant().host);
}

// Turns 2FA on for `u` (the tenant lets every user enrol); the raw TOTP secret.
std::string enableTwoFactor(const ItUser& u) {
    HttpClient http;
    auto setup =
        http.send("POST", "/api/v1/users/2fa/setup", ItEnv::auth(u.accessToken), "", tenant().host);
    TA_ASSERT_STATUS(200, setup);
    std::string raw = StatusItHelpers::base32Decode(setup.jsonString("secret"));
    std::int64_t step = StatusItHelpers::freshStep();
    auto verify = http.postJson("/api/v1/users/2fa/verify",
                                "{\"totpToken\":\"" + StatusItHelpers::codeAt(raw, step) + "\"}",
                                ItEnv::auth(u.accessToken), tenant().host);
    TA_ASSERT_STATUS(200, verify);
    return raw;
}

void assertLocked(const HttpResponse& r) {
    TA_ASSERT_ERROR(429, kLocked, r);
    int retry = std::atoi(r.header("Retry-After").c_str());
    TA_ASSERT("Retry-After of a lock: " + r.header("Retry-After"),
              retry >= 1 && retry <= kLockSeconds);
}
}  // namespace

class LockoutIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LockoutIT);
    CPPUNIT_TEST(testLocksAfterMaxFailuresWhateverThePassword);
    CPPUNIT_TEST(testParallelFailuresAllCount);
    CPPUNIT_TEST(testSuccessResetsTheCount);
    CPPUNIT_TEST(testStatusSignInSharesTheLock);
    CPPUNIT_TEST(testLoginAuditsEveryRefusal);
    CPPUNIT_TEST(testWrongOrMissingCodesCount);
    CPPUNIT_TEST(testTwoFactorDisableFailuresCount);
    // Last: it locks the test's address for the whole tenant.
    CPPUNIT_TEST(testAddressIsLockedAcrossAccounts);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLocksAfterMaxFailuresWhateverThePassword() {
        ItUser u = ItEnv::registerUser(tenant().host);
        for (int i = 0; i < kMax; ++i)
            TA_ASSERT_ERROR(401, "Invalid email or password", loginAt(u, "wrong-password"));
        assertLocked(loginAt(u, u.password));
        std::string rid = "it-locked-" + ItEnv::uniqueSuffix();
        auto locked =
            HttpClient().send("POST", "/api/auth/login",
                              {{"Content-Type", "application/json"}, {"X-Request-Id", rid}},
                              ItEnv::credentials(u.email, "wrong-password"), tenant().host);
        assertLocked(locked);
        // Refused while locked, and audited as such.
        auto audit = HttpClient().get("/api/admin/audit?type=login.failure&limit=50",
                                      ItEnv::auth(tenant().adminToken()), tenant().host);
        TA_ASSERT_STATUS(200, audit);
        auto events = audit.json()->getArray("events");
        bool found = false;
        for (size_t i = 0; i < events->size(); ++i) {
            auto e = events->getObject(static_cast<unsigned>(i));
            if (e->optValue<std::string>("requestId", "") != rid) continue;
            found = e->getObject("details")->getValue<std::string>("reason") == "locked";
        }
        TA_ASSERT("a locked attempt is audited with reason locked: " + audit.body.substr(0, 400),
                  found);
        // The lock ends by itself.
        std::this_thread::sleep_for(std::chrono::milliseconds(kLockSeconds * 1000 + 300));
        TA_ASSERT_STATUS(200, loginAt(u, u.password));
    }

    void testParallelFailuresAllCount() {
        ItUser u = ItEnv::registerUser(tenant().host);
        std::atomic<int> unauthorized{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < kMax; ++i)
            threads.emplace_back([&] {
                if (loginAt(u, "wrong-password").status == 401) ++unauthorized;
            });
        for (auto& t : threads) t.join();
        TA_ASSERT("all parallel failures answered 401: " + std::to_string(unauthorized.load()),
                  unauthorized.load() == kMax);
        assertLocked(loginAt(u, u.password));
    }

    void testSuccessResetsTheCount() {
        ItUser u = ItEnv::registerUser(tenant().host);
        for (int i = 0; i < kMax - 1; ++i) TA_ASSERT_STATUS(401, loginAt(u, "wrong-password"));
        TA_ASSERT_STATUS(200, loginAt(u, u.password));
        for (int i = 0; i < kMax - 1; ++i) TA_ASSERT_STATUS(401, loginAt(u, "wrong-password"));
        TA_ASSERT_STATUS(200, loginAt(u, u.password));
    }

    void testStatusSignInSharesTheLock() {
        // Failures on the STATUS route count for the same account as OpenSight's.
        ItUser u = ItEnv::registerUser(tenant().host);
        HttpClient http;
        std::string wrong =
            "{\"username\":" + ItEnv::quote(u.email) + ",\"password\":\"wrong-password\"}";
        for (int i = 0; i < kMax; ++i)
            TA_ASSERT_ERROR(401, "Invalid password or user not found",
                            http.postJson("/api/v1/users/signIn", wrong, {}, tenant().host));
        auto locked = http.postJson("/api/v1/users/signIn",
                                    "{\"username\":" + ItEnv::quote(u.email) +
                                        ",\"password\":" + ItEnv::quote(u.password) + "}",
                                    {}, tenant().host);
        TA_ASSERT_STATUS(429, locked);
        TA_ASSERT("v1 error body: " + locked.body, locked.jsonString("message") == kLocked);
        assertLocked(loginAt(u, u.password));
    }

    void testLoginAuditsEveryRefusal() {
        ItUser u = ItEnv::registerUser(tenant().host);
        HttpClient http;
        std::string rid = "it-lock-" + ItEnv::uniqueSuffix();
        // A forwarded header must not become the recorded address.
        auto refused = http.send("POST", "/api/auth/login",
                                 {{"Content-Type", "application/json"},
                                  {"X-Request-Id", rid},
                                  {"X-Forwarded-For", "6.6.6.6"}},
                                 ItEnv::credentials(u.email, "wrong-password"), tenant().host);
        TA_ASSERT_STATUS(401, refused);
        auto audit = http.get("/api/admin/audit?type=login.failure&limit=200",
                              ItEnv::auth(tenant().adminToken()), tenant().host);
        TA_ASSERT_STATUS(200, audit);
        auto events = audit.json()->getArray("events");
        bool found = false;
        for (size_t i = 0; i < events->size(); ++i) {
            auto e = events->getObject(static_cast<unsigned>(i));
            if (e->optValue<std::string>("requestId", "") != rid) continue;
            found = true;
            TA_ASSERT("user of the event: " + audit.body,
                      e->getValue<std::string>("userId") == u.id);
            TA_ASSERT("reason: " + audit.body,
                      e->getObject("details")->getValue<std::string>("reason") == "password");
            TA_ASSERT("client address is REMOTE_ADDR: " + audit.body,
                      e->getValue<std::string>("clientAddress") == "127.0.0.1");
        }
        TA_ASSERT("failure with request id " + rid + " in " + audit.body.substr(0, 500), found);
        TA_ASSERT("no password in the audit log",
                  audit.body.find("wrong-password") == std::string::npos);
    }

    void testWrongOrMissingCodesCount() {
        // The right password with a missing or wrong code is a failure too: a 6-digit
        // code cannot be guessed behind a known password.
        ItUser u = ItEnv::registerUser(tenant().host);
        std::string raw = enableTwoFactor(u);
        HttpClient http;
        std::int64_t step = StatusItHelpers::freshStep(10);
        std::string wrong = StatusItHelpers::wrongCode(raw, step);
        for (int i = 0; i < kMax; ++i) {
            std::string body = "{\"email\":" + ItEnv::quote(u.email) +
                               ",\"password\":" + ItEnv::quote(u.password) +
                               (i % 2 ? ",\"totpToken\":\"" + wrong + "\"}" : "}");
            auto r = http.postJson("/api/auth/login", body, {}, tenant().host);
            TA_ASSERT_ERROR(401, i % 2 ? "Invalid 2FA token" : "2FA token required", r);
        }
        auto locked = http.postJson(
            "/api/auth/login",
            "{\"email\":" + ItEnv::quote(u.email) + ",\"password\":" + ItEnv::quote(u.password) +
                ",\"totpToken\":\"" + StatusItHelpers::codeAt(raw, step) + "\"}",
            {}, tenant().host);
        assertLocked(locked);
    }

    void testTwoFactorDisableFailuresCount() {
        ItUser u = ItEnv::registerUser(tenant().host);
        std::string raw = enableTwoFactor(u);
        HttpClient http;
        std::int64_t step = StatusItHelpers::freshStep(10);
        std::string body = "{\"password\":\"wrong-password\",\"totpToken\":\"" +
                           StatusItHelpers::codeAt(raw, step) + "\"}";
        for (int i = 0; i < kMax; ++i)
            TA_ASSERT_ERROR(401, "Invalid password or token",
                            http.postJson("/api/v1/users/2fa/disable", body,
                                          ItEnv::auth(u.accessToken), tenant().host));
        // Locked for 2FA disable and for login alike.
        auto disable =
            http.postJson("/api/v1/users/2fa/disable",
                          "{\"password\":" + ItEnv::quote(u.password) + ",\"totpToken\":\"" +
                              StatusItHelpers::codeAt(raw, step) + "\"}",
                          ItEnv::auth(u.accessToken), tenant().host);
        TA_ASSERT_STATUS(429, disable);
        TA_ASSERT("v1 error body: " + disable.body, disable.jsonString("message") == kLocked);
        assertLocked(loginAt(u, u.password));
    }

    void testAddressIsLockedAcrossAccounts() {
        // One address may fail kAddressFactor (10) times as often as one account,
        // spread over any accounts, known or not; then every account is locked for it.
        ItUser bystander = ItEnv::registerUser(tenant().host);
        int failures = 0;
        HttpResponse last;
        for (; failures < 10 * kMax + 1; ++failures) {
            last = ItEnv::login(ItEnv::uniqueEmail("nobody"), "wrong-password", tenant().host);
            if (last.status != 401) break;
        }
        assertLocked(last);
        TA_ASSERT("address locked after at most 100 failures: " + std::to_string(failures),
                  failures <= 10 * kMax);
        assertLocked(loginAt(bystander, bystander.password));
        std::this_thread::sleep_for(std::chrono::milliseconds(kLockSeconds * 1000 + 300));
        TA_ASSERT_STATUS(200, loginAt(bystander, bystander.password));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(LockoutIT);
