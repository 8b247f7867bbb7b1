// /api/v1/users/2fa/*: enrolment, TOTP at sign-in (drift, replay, races), recovery codes,
// disabling. Every test enrols its own fresh ADMIN so tests do not interfere.
//
// The server keeps the last accepted step per user and refuses any step at or before
// it, so each test uses codes of strictly increasing steps (or recovery codes).
#include "StatusItHelpers.h"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <set>
#include <thread>

namespace {

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::StatusItHelpers;
using ta::test::StatusUser;

struct Enrolment {
    std::string qrCode, otpauthUrl, secret, rawSecret;
};

std::string verifyBody(const std::string& code) { return "{\"totpToken\":" + ItEnv::quote(code) + "}"; }

std::string disableBody(const std::string& password, const std::string& code) {
    return "{\"password\":" + ItEnv::quote(password) + ",\"totpToken\":" + ItEnv::quote(code) + "}";
}

}  // namespace

class StatusTwoFactorIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(StatusTwoFactorIT);
    CPPUNIT_TEST(setupReturnsQrOfOtpauthUrl);
    CPPUNIT_TEST(setupAsUserIsForbidden);
    CPPUNIT_TEST(fullLifecycle);
    CPPUNIT_TEST(parallelSignInsAcceptACodeOnce);
    CPPUNIT_TEST(recoveryCodesAreSingleUse);
    CPPUNIT_TEST_SUITE_END();

public:
    void setupReturnsQrOfOtpauthUrl() {
        StatusUser u = StatusItHelpers::createUser(client_, "ADMIN");
        HttpResponse r = client_.send("POST", "/api/v1/users/2fa/setup", ItEnv::auth(u.accessToken));
        STATUS_ASSERT_CODE(200, r);
        auto o = r.json();
        TA_ASSERT("keys " + StatusItHelpers::joined(StatusItHelpers::keys(o)),
                  StatusItHelpers::keys(o) == (std::vector<std::string>{"otpauthUrl", "qrCode", "secret"}));
        std::string secret = r.jsonString("secret");
        TA_ASSERT("secret is base32: " + secret, !secret.empty() && StatusItHelpers::base32Decode(secret).size() >= 10);
        CPPUNIT_ASSERT_EQUAL("otpauth://totp/alpha:" + u.username + "?secret=" + secret + "&issuer=alpha",
                             r.jsonString("otpauthUrl"));
        const std::string prefix = "data:image/png;base64,";
        std::string qr = r.jsonString("qrCode");
        TA_ASSERT("qrCode data URL: " + qr.substr(0, 60), qr.rfind(prefix, 0) == 0);
        std::string png = StatusItHelpers::base64Decode(qr.substr(prefix.size()));
        TA_ASSERT("PNG signature", png.size() > 8 && png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
        CPPUNIT_ASSERT_EQUAL(r.jsonString("otpauthUrl"), StatusItHelpers::zbarDecode(png));
        // Setting up does not enable 2FA yet.
        assertStatus(u.accessToken, false);
        STATUS_ASSERT_CODE(200, StatusItHelpers::signIn(client_, u.username, u.password));
    }

    void setupAsUserIsForbidden() {
        StatusUser u = StatusItHelpers::createUser(client_, "USER");
        STATUS_ASSERT_MESSAGE(403, "Admin privileges required",
                              client_.send("POST", "/api/v1/users/2fa/setup", ItEnv::auth(u.accessToken)));
        STATUS_ASSERT_MESSAGE(403, "Admin privileges required",
                              client_.postJson("/api/v1/users/2fa/verify", verifyBody("123456"),
                                               ItEnv::auth(u.accessToken)));
        assertStatus(u.accessToken, false);
        StatusUser dev = StatusItHelpers::createUser(client_, "DEVELOPER");
        STATUS_ASSERT_MESSAGE(403, "Admin privileges required",
                              client_.send("POST", "/api/v1/users/2fa/setup", ItEnv::auth(dev.accessToken)));
        STATUS_ASSERT_SOME_MESSAGE(401, client_.send("POST", "/api/v1/users/2fa/setup"));
        STATUS_ASSERT_SOME_MESSAGE(401, client_.get("/api/v1/users/2fa/status"));
    }

    void fullLifecycle() {
        StatusUser u = StatusItHelpers::createUser(client_, "ADMIN");
        Enrolment e = setup(u);
        assertStatus(u.accessToken, false);

        std::int64_t s = StatusItHelpers::freshStep();
        STATUS_ASSERT_MESSAGE(401, "Invalid 2FA token",
                              client_.postJson("/api/v1/users/2fa/verify",
                                               verifyBody(StatusItHelpers::wrongCode(e.rawSecret, s)),
                                               ItEnv::auth(u.accessToken)));
        assertStatus(u.accessToken, false);
        std::vector<std::string> recovery = verify(u, StatusItHelpers::codeAt(e.rawSecret, s));
        assertStatus(u.accessToken, true);
        // The cookie works for status too.
        HttpResponse viaCookie = client_.get("/api/v1/users/2fa/status", {{"Cookie", "accessToken=" + u.accessToken}});
        STATUS_ASSERT_CODE(200, viaCookie);
        TA_ASSERT("twofa_enabled true via cookie: " + viaCookie.body, viaCookie.json()->getValue<bool>("twofa_enabled"));

        STATUS_ASSERT_MESSAGE(401, "2FA token required", StatusItHelpers::signIn(client_, u.username, u.password));
        STATUS_ASSERT_MESSAGE(401, "2FA token required",
                              StatusItHelpers::signInTotp(client_, u.username, u.password, ""));
        STATUS_ASSERT_MESSAGE(401, "Invalid 2FA token",
                              StatusItHelpers::signInTotp(client_, u.username, u.password,
                                                          StatusItHelpers::wrongCode(e.rawSecret, s)));
        // The OpenSight login route needs the code as well.
        HttpResponse os = ItEnv::login(u.email, u.password);
        STATUS_ASSERT_CODE(401, os);
        TA_ASSERT("OpenSight body {\"error\":\"2FA token required\"}: " + os.body,
                  StatusItHelpers::keys(os.json()) == std::vector<std::string>{"error"} &&
                      os.jsonString("error") == "2FA token required");
        // The wrong password is still refused first, with a code or without.
        STATUS_ASSERT_MESSAGE(401, "Invalid password or user not found",
                              StatusItHelpers::signIn(client_, u.username, u.password + "x"));

        // The code used at /verify is spent.
        STATUS_ASSERT_MESSAGE(401, "Invalid 2FA token",
                              StatusItHelpers::signInTotp(client_, u.username, u.password,
                                                          StatusItHelpers::codeAt(e.rawSecret, s)));
        // Two steps back is outside the drift window.
        STATUS_ASSERT_MESSAGE(401, "Invalid 2FA token",
                              StatusItHelpers::signInTotp(client_, u.username, u.password,
                                                          StatusItHelpers::codeAt(e.rawSecret, s - 2)));
        // One step ahead is accepted, once.
        std::string next = StatusItHelpers::codeAt(e.rawSecret, s + 1);
        HttpResponse ok = StatusItHelpers::signInTotp(client_, u.username, u.password, next);
        STATUS_ASSERT_CODE(200, ok);
        CPPUNIT_ASSERT_EQUAL(u.username, ok.jsonString("username"));
        STATUS_ASSERT_CODE(200, client_.get("/api/v1/users/whoami", ItEnv::auth(ok.jsonString("accessToken"))));
        STATUS_ASSERT_MESSAGE(401, "Invalid 2FA token",
                              StatusItHelpers::signInTotp(client_, u.username, u.password, next));
        // Nor does the spent code work at the OpenSight login.
        HttpResponse osReplay = client_.postJson(
            "/api/auth/login", "{\"email\":" + ItEnv::quote(u.email) + ",\"password\":" + ItEnv::quote(u.password) +
                                   ",\"totpToken\":" + ItEnv::quote(next) + "}");
        STATUS_ASSERT_CODE(401, osReplay);

        // Disabling: wrong password, then the right one with a recovery code.
        STATUS_ASSERT_MESSAGE(401, "Invalid password or token",
                              client_.postJson("/api/v1/users/2fa/disable", disableBody(u.password + "x", recovery[0]),
                                               ItEnv::auth(u.accessToken)));
        assertStatus(u.accessToken, true);
        STATUS_ASSERT_MESSAGE(401, "Invalid password or token",
                              client_.postJson("/api/v1/users/2fa/disable",
                                               disableBody(u.password, StatusItHelpers::wrongCode(e.rawSecret, s)),
                                               ItEnv::auth(u.accessToken)));
        assertStatus(u.accessToken, true);
        STATUS_ASSERT_MESSAGE(200, "2FA disabled successfully",
                              client_.postJson("/api/v1/users/2fa/disable", disableBody(u.password, recovery[1]),
                                               ItEnv::auth(u.accessToken)));
        assertStatus(u.accessToken, false);
        HttpResponse plain = StatusItHelpers::signIn(client_, u.username, u.password);
        STATUS_ASSERT_CODE(200, plain);
        STATUS_ASSERT_CODE(200, ItEnv::login(u.email, u.password));
        STATUS_ASSERT_MESSAGE(400, "2FA is not enabled",
                              client_.postJson("/api/v1/users/2fa/disable", disableBody(u.password, recovery[2]),
                                               ItEnv::auth(u.accessToken)));
    }

    void parallelSignInsAcceptACodeOnce() {
        StatusUser u = StatusItHelpers::createUser(client_, "ADMIN");
        Enrolment e = setup(u);
        std::int64_t s = StatusItHelpers::freshStep();
        // Enable with the previous step, so the current one is fresh for the race.
        verify(u, StatusItHelpers::codeAt(e.rawSecret, s - 1));
        const std::string code = StatusItHelpers::codeAt(e.rawSecret, s);
        const std::string body = StatusItHelpers::signInBody(u.username, u.password, code);

        std::atomic<bool> go{false};
        std::vector<HttpResponse> answers(4);
        std::vector<std::string> errors(4);
        std::vector<std::thread> threads;
        for (int i = 0; i < 4; ++i) {
            threads.emplace_back([&, i] {
                HttpClient c;
                while (!go.load()) std::this_thread::yield();
                try {
                    answers[i] = c.postJson("/api/v1/users/signIn", body);
                } catch (const std::exception& ex) {
                    errors[i] = ex.what();
                }
            });
        }
        go = true;
        for (auto& t : threads) t.join();

        int ok = 0, refused = 0;
        std::string seen;
        for (int i = 0; i < 4; ++i) {
            TA_ASSERT("request " + std::to_string(i) + " got no answer: " + errors[i], errors[i].empty());
            seen += answers[i].describe() + "\n";
            if (answers[i].status == 200) ++ok;
            else if (answers[i].status == 401 && answers[i].jsonString("message") == "Invalid 2FA token") ++refused;
        }
        TA_ASSERT("exactly one 200 and three 401 Invalid 2FA token:\n" + seen, ok == 1 && refused == 3);
    }

    void recoveryCodesAreSingleUse() {
        StatusUser u = StatusItHelpers::createUser(client_, "ADMIN");
        Enrolment e = setup(u);
        std::int64_t s = StatusItHelpers::freshStep();
        std::vector<std::string> recovery = verify(u, StatusItHelpers::codeAt(e.rawSecret, s));

        HttpResponse ok = StatusItHelpers::signInTotp(client_, u.username, u.password, recovery[3]);
        STATUS_ASSERT_CODE(200, ok);
        CPPUNIT_ASSERT_EQUAL(u.username, ok.jsonString("username"));
        STATUS_ASSERT_MESSAGE(401, "Invalid 2FA token",
                              StatusItHelpers::signInTotp(client_, u.username, u.password, recovery[3]));
        // A spent recovery code cannot disable 2FA either; an unspent one can.
        STATUS_ASSERT_MESSAGE(401, "Invalid password or token",
                              client_.postJson("/api/v1/users/2fa/disable", disableBody(u.password, recovery[3]),
                                               ItEnv::auth(u.accessToken)));
        assertStatus(u.accessToken, true);
        // Another recovery code still signs in, and the TOTP still works after recovery codes.
        STATUS_ASSERT_CODE(200, StatusItHelpers::signInTotp(client_, u.username, u.password, recovery[7]));
        STATUS_ASSERT_CODE(200, StatusItHelpers::signInTotp(client_, u.username, u.password,
                                                          StatusItHelpers::codeAt(e.rawSecret, s + 1)));
        STATUS_ASSERT_MESSAGE(200, "2FA disabled successfully",
                              client_.postJson("/api/v1/users/2fa/disable", disableBody(u.password, recovery[9]),
                                               ItEnv::auth(u.accessToken)));
        assertStatus(u.accessToken, false);
    }

private:
    Enrolment setup(const StatusUser& u) {
        HttpResponse r = client_.send("POST", "/api/v1/users/2fa/setup", ItEnv::auth(u.accessToken));
        STATUS_ASSERT_CODE(200, r);
        Enrolment e;
        e.qrCode = r.jsonString("qrCode");
        e.otpauthUrl = r.jsonString("otpauthUrl");
        e.secret = r.jsonString("secret");
        e.rawSecret = StatusItHelpers::base32Decode(e.secret);
        TA_ASSERT("secret in setup answer: " + r.describe(), !e.rawSecret.empty());
        return e;
    }

    // Enables 2FA with `code`; returns the recovery codes (asserted: 10 distinct strings).
    std::vector<std::string> verify(const StatusUser& u, const std::string& code) {
        HttpResponse r = client_.postJson("/api/v1/users/2fa/verify", verifyBody(code), ItEnv::auth(u.accessToken));
        STATUS_ASSERT_CODE(200, r);
        auto o = r.json();
        TA_ASSERT("keys " + StatusItHelpers::joined(StatusItHelpers::keys(o)),
                  StatusItHelpers::keys(o) == (std::vector<std::string>{"message", "recoveryCodes"}));
        CPPUNIT_ASSERT_EQUAL(std::string("2FA enabled successfully"), r.jsonString("message"));
        auto list = o->getArray("recoveryCodes");
        TA_ASSERT("recoveryCodes array: " + r.body, !list.isNull() && list->size() == 10);
        std::vector<std::string> codes;
        std::set<std::string> distinct;
        for (size_t i = 0; i < list->size(); ++i) {
            TA_ASSERT("recovery code is a string: " + r.body, list->get(i).isString());
            std::string c = list->getElement<std::string>(i);
            TA_ASSERT("recovery code not empty: " + r.body, !c.empty());
            codes.push_back(c);
            distinct.insert(c);
        }
        TA_ASSERT("10 distinct recovery codes: " + r.body, distinct.size() == 10);
        return codes;
    }

    void assertStatus(const std::string& token, bool enabled) {
        HttpResponse r = client_.get("/api/v1/users/2fa/status", ItEnv::auth(token));
        STATUS_ASSERT_CODE(200, r);
        auto o = r.json();
        TA_ASSERT("keys " + StatusItHelpers::joined(StatusItHelpers::keys(o)),
                  StatusItHelpers::keys(o) == std::vector<std::string>{"twofa_enabled"});
        TA_ASSERT("twofa_enabled " + std::string(enabled ? "true" : "false") + ": " + r.body,
                  o->get("twofa_enabled").isBoolean() && o->getValue<bool>("twofa_enabled") == enabled);
    }

    HttpClient client_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(StatusTwoFactorIT);
