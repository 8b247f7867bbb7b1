// How a request finds its tenant: Host, the TENANTAUTH_TENANT parameter of a pinned
// virtual host, disabled tenants, tenants added while running.
#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItJwt.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <thread>

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItJwt;

class TenantResolutionIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TenantResolutionIT);
    CPPUNIT_TEST(testUnknownHost);
    CPPUNIT_TEST(testHostIsCaseInsensitiveAndPortIsIgnored);
    CPPUNIT_TEST(testEachTenantIssuesItsOwnTokens);
    CPPUNIT_TEST(testPinnedVirtualHostIsBeta);
    CPPUNIT_TEST(testDisabledTenant);
    CPPUNIT_TEST(testTenantAddedWhileRunning);
    CPPUNIT_TEST_SUITE_END();

public:
    void tearDown() override {
        if (disabledBeta) ItEnv::ctl("tenant enable beta");
    }

    void testUnknownHost() {
        TA_ASSERT_ERROR(404, "Unknown tenant",
                        http.postJson("/api/auth/login", ItEnv::credentials("a@b.test", "Correct-Horse-7"), {}, "nobody.test"));
        TA_ASSERT_ERROR(404, "Unknown tenant", http.get("/api/users/me", {}, "nobody.test"));
        TA_ASSERT_ERROR(404, "Unknown tenant",
                        http.postJson("/api/auth/register", ItEnv::credentials(ItEnv::uniqueEmail(), ItEnv::password()),
                                      {}, "alpha.test.nobody.test"));
    }

    void testHostIsCaseInsensitiveAndPortIsIgnored() {
        auto u = ItEnv::registerUser("ALPHA.Test:8080");
        CPPUNIT_ASSERT_EQUAL(std::string("alpha"), ItJwt::claims(u.accessToken)->getValue<std::string>("tid"));
        TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(u.accessToken), "alpha.test"));
        // "localhost" is alpha's second host name.
        TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(u.accessToken), "localhost"));
    }

    void testEachTenantIssuesItsOwnTokens() {
        auto a = ItEnv::registerUser("alpha.test");
        auto b = ItEnv::registerUser("beta.test");
        CPPUNIT_ASSERT_EQUAL(std::string("alpha"), ItJwt::claims(a.accessToken)->getValue<std::string>("tid"));
        CPPUNIT_ASSERT_EQUAL(std::string("beta"), ItJwt::claims(b.accessToken)->getValue<std::string>("tid"));
        // The same email is a different account in each tenant.
        TA_ASSERT_ERROR(401, "Invalid email or password", ItEnv::login(a.email, a.password, "beta.test"));
        TA_ASSERT_ERROR(401, "Invalid email or password", ItEnv::login(b.email, b.password, "alpha.test"));
    }

    void testPinnedVirtualHostIsBeta() {
        auto b = ItEnv::registerUser("beta.test");
        auto a = ItEnv::registerUser("alpha.test");
        TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(b.accessToken), "pinned.test"));
        TA_ASSERT_ERROR(401, "Unauthorized", http.get("/api/users/me", ItEnv::auth(a.accessToken), "pinned.test"));
        TA_ASSERT_STATUS(200, ItEnv::login(b.email, b.password, "pinned.test"));
        auto p = ItEnv::registerUser("pinned.test");
        CPPUNIT_ASSERT_EQUAL(std::string("beta"), ItJwt::claims(p.accessToken)->getValue<std::string>("tid"));
        TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(p.accessToken), "beta.test"));
    }

    void testDisabledTenant() {
        auto b = ItEnv::registerUser("beta.test");
        auto a = ItEnv::registerUser("alpha.test");
        auto r = ItEnv::ctl("tenant disable beta");
        auto changed = std::chrono::steady_clock::now();
        disabledBeta = true;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        HttpResponse last;
        bool refused = ItEnv::poll(5, [&] {
            last = http.get("/api/users/me", ItEnv::auth(b.accessToken), "beta.test");
            return last.status == 403;
        });
        TA_ASSERT("403 within 5 s of disabling, last " + last.describe(), refused);
        // Every worker process must have noticed once the 5 s are up.
        waitUntil(changed + std::chrono::seconds(5));
        TA_ASSERT_ERROR(403, "Tenant is disabled", last);
        TA_ASSERT_ERROR(403, "Tenant is disabled", ItEnv::login(b.email, b.password, "beta.test"));
        TA_ASSERT_ERROR(403, "Tenant is disabled", http.get("/api/users/me", ItEnv::auth(b.accessToken), "pinned.test"));
        // The other tenant is untouched.
        TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(a.accessToken), "alpha.test"));

        r = ItEnv::ctl("tenant enable beta");
        changed = std::chrono::steady_clock::now();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        disabledBeta = false;
        bool back = ItEnv::poll(5, [&] {
            last = http.get("/api/users/me", ItEnv::auth(b.accessToken), "beta.test");
            return last.status == 200;
        });
        TA_ASSERT("200 within 5 s of enabling, last " + last.describe(), back);
        waitUntil(changed + std::chrono::seconds(5));
        for (int i = 0; i < 6; ++i) {
            TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(b.accessToken), "beta.test"));
            TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(b.accessToken), "pinned.test"));
        }
    }

    void testTenantAddedWhileRunning() {
        std::string n = ItEnv::uniqueSuffix();
        std::string slug = "gamma_" + n, host = "g" + n + ".test";
        TA_ASSERT_ERROR(404, "Unknown tenant", http.postJson("/api/auth/login", "{}", {}, host));
        auto r = ItEnv::ctl("tenant add " + slug + " --host " + host);
        auto added = std::chrono::steady_clock::now();
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        HttpResponse last;
        bool known = ItEnv::poll(5, [&] {
            last = ItEnv::login("nobody@example.test", "Correct-Horse-7", host);
            return last.status == 401;
        });
        TA_ASSERT("new tenant answers within 5 s, last " + last.describe(), known);
        waitUntil(added + std::chrono::seconds(5));
        auto u = ItEnv::registerUser(host);
        CPPUNIT_ASSERT_EQUAL(slug, ItJwt::claims(u.accessToken)->getValue<std::string>("tid"));
        TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(u.accessToken), host));
        TA_ASSERT_ERROR(401, "Unauthorized", http.get("/api/users/me", ItEnv::auth(u.accessToken), "alpha.test"));
    }

private:
    // Requests may reach any worker process; each may take the full 5 s to notice.
    static void waitUntil(std::chrono::steady_clock::time_point when) {
        std::this_thread::sleep_until(when);
    }

    HttpClient http;
    bool disabledBeta = false;
};

CPPUNIT_TEST_SUITE_REGISTRATION(TenantResolutionIT);
