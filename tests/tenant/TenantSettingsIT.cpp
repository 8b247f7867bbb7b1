// Per-tenant settings that change behaviour at the door: the 2FA enrolment policy and
// the access token lifetime. Each test makes its own tenant, so the shared ones keep
// their defaults.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

using namespace ta::test;

class TenantSettingsIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TenantSettingsIT);
    CPPUNIT_TEST(testTwofaSetupAllOpensEnrolmentToUsers);
    CPPUNIT_TEST(testAccessTokenExpiresAfterTenantLifetime);
    CPPUNIT_TEST_SUITE_END();

    static std::string shellQuote(const std::string& s) {
        std::string out = "'";
        for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        return out + "'";
    }

    // A new tenant with `settings` (JSON) merged in, answering on the returned host.
    static std::string tenantWith(const std::string& settings) {
        std::string slug = ItEnv::uniqueSlug("set");
        std::string host = slug + ".test";
        std::replace(host.begin(), host.end(), '_', '-');
        auto add = ItEnv::ctl("tenant add " + slug + " --host " + host);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(add.describe(), 0, add.exitCode);
        auto sql = ItEnv::run("psql -q -v ON_ERROR_STOP=1 " + shellQuote(ItEnv::var("TA_DSN")) +
                              " -c " + shellQuote("UPDATE tenantauth.tenants SET settings = settings || '" +
                                                    settings + "'::jsonb WHERE slug = '" + slug + "'"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(sql.describe(), 0, sql.exitCode);
        // Every worker process reloads tenants within 5 s.
        std::this_thread::sleep_for(std::chrono::milliseconds(5500));
        return host;
    }

public:
    void testTwofaSetupAllOpensEnrolmentToUsers() {
        std::string host = tenantWith("{\"twofaSetup\": \"ALL\"}");
        auto user = ItEnv::registerUser(host);
        HttpClient http;
        auto setup = http.postJson("/api/v1/users/2fa/setup", "{}", ItEnv::auth(user.accessToken), host);
        TA_ASSERT_STATUS(200, setup);
        TA_ASSERT("otpauth URL names the tenant: " + setup.body,
                  setup.body.find("otpauth://totp/set_") != std::string::npos);
        // The default policy still holds elsewhere.
        auto other = ItEnv::registerUser("alpha.test");
        auto refused = http.postJson("/api/v1/users/2fa/setup", "{}", ItEnv::auth(other.accessToken), "alpha.test");
        TA_ASSERT_ERROR(403, "Admin privileges required", refused);
    }

    void testAccessTokenExpiresAfterTenantLifetime() {
        std::string host = tenantWith("{\"accessTokenTtl\": 1}");
        auto user = ItEnv::registerUser(host);
        HttpClient http;
        // Signed with the tenant's own key and otherwise valid: only `exp` is past.
        std::this_thread::sleep_for(std::chrono::milliseconds(2100));
        auto me = http.get("/api/users/me", ItEnv::auth(user.accessToken), host);
        TA_ASSERT_ERROR(401, "Unauthorized", me);
        auto whoami = http.get("/api/v1/users/whoami", ItEnv::auth(user.accessToken), host);
        TA_ASSERT_ERROR(401, "Unauthorized: Invalid token", whoami);
        // A refresh gives a new, live one.
        auto refreshed = http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(user.refreshToken), "", host);
        TA_ASSERT_STATUS(200, refreshed);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(TenantSettingsIT);
