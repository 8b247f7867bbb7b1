// Refresh families (security review, issue 10): the tenant settings
// refreshReuseGraceSeconds (two tabs refreshing at once keep their session) and
// maxSessionAge (a family refreshes for a bounded time after its login).
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "HttpClient.h"
#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItTenant.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItTenant;

namespace {
constexpr const char* kInvalid = "Invalid refresh token";

// Tenants of this suite, made once per process: grace 30 s, grace 1 s, and
// maxSessionAge 2 s (stored directly, below the PATCH floor, like other test tenants).
const ItTenant& tenant(const std::string& settings) {
    static std::map<std::string, ItTenant> made;
    auto it = made.find(settings);
    if (it == made.end()) it = made.emplace(settings, ItTenant::create("rs", settings)).first;
    return it->second;
}
const ItTenant& grace30() { return tenant("{\"refreshReuseGraceSeconds\": 30}"); }
const ItTenant& grace1() { return tenant("{\"refreshReuseGraceSeconds\": 1}"); }
const ItTenant& shortSessions() { return tenant("{\"maxSessionAge\": 2}"); }
}  // namespace

class RefreshSessionIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RefreshSessionIT);
    CPPUNIT_TEST(testWithoutGraceReuseRevokesTheFamily);
    CPPUNIT_TEST(testWithinGraceTheReusedTokenGetsItsSuccessor);
    CPPUNIT_TEST(testParallelRefreshesWithinGraceAllGetTheSameToken);
    CPPUNIT_TEST(testReuseAfterGraceRevokesTheFamily);
    CPPUNIT_TEST(testSettingsShowAndCheckTheNewKeys);
    CPPUNIT_TEST(testFamilyOlderThanMaxSessionAgeIsRefused);
    CPPUNIT_TEST(testMaxSessionAgeAfterASleep);
    CPPUNIT_TEST(testOnlyTheLastRotatedTokenKeepsASeed);
    CPPUNIT_TEST(testNoIndexHoldsWhatARotationSets);
    CPPUNIT_TEST_SUITE_END();

public:
    HttpResponse refresh(const std::string& token, const std::string& host) {
        return http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(token), "", host);
    }
    std::string rotated(const HttpResponse& r) {
        TA_ASSERT_STATUS(200, r);
        auto c = r.cookie("refresh_token");
        TA_ASSERT("refresh_token cookie in " + r.describe(), c.present && !c.value.empty());
        return c.value;
    }

    // The contract's strict default (refreshReuseGraceSeconds 0).
    void testWithoutGraceReuseRevokesTheFamily() {
        const std::string host = shortSessions().host;
        auto u = ItEnv::registerUser(host);
        std::string second = rotated(refresh(u.refreshToken, host));
        TA_ASSERT_ERROR(401, kInvalid, refresh(u.refreshToken, host));
        TA_ASSERT_ERROR(401, kInvalid, refresh(second, host));
    }

    void testWithinGraceTheReusedTokenGetsItsSuccessor() {
        const std::string host = grace30().host;
        auto u = ItEnv::registerUser(host);
        std::string first = rotated(refresh(u.refreshToken, host));
        // The other tab presents the token just rotated: the same successor, no revocation.
        HttpResponse again = refresh(u.refreshToken, host);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(again.describe(), first, rotated(again));
        TA_ASSERT("an access token: " + again.body, !again.jsonString("accessToken").empty());
        // The family is alive: the successor rotates on.
        std::string next = rotated(refresh(first, host));
        TA_ASSERT("rotated again", next != first);
        // Its predecessor's successor is no longer the live token: a replay now revokes.
        TA_ASSERT_ERROR(401, kInvalid, refresh(u.refreshToken, host));
        TA_ASSERT_ERROR(401, kInvalid, refresh(next, host));
    }

    void testParallelRefreshesWithinGraceAllGetTheSameToken() {
        const std::string host = grace30().host;
        auto u = ItEnv::registerUser(host);
        const int n = 6;
        std::vector<HttpResponse> answers(n);
        std::atomic<int> ready{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < n; ++i)
            threads.emplace_back([&, i] {
                ready++;
                while (ready.load() < n) std::this_thread::yield();
                try {
                    answers[i] = refresh(u.refreshToken, host);
                } catch (const std::exception&) {
                }
            });
        for (auto& t : threads) t.join();
        std::set<std::string> tokens;
        for (const auto& a : answers) tokens.insert(rotated(a));
        CPPUNIT_ASSERT_EQUAL_MESSAGE("one successor for all", std::size_t(1), tokens.size());
        TA_ASSERT_STATUS(200, refresh(*tokens.begin(), host));
    }

    void testReuseAfterGraceRevokesTheFamily() {
        const std::string host = grace1().host;
        auto u = ItEnv::registerUser(host);
        std::string first = rotated(refresh(u.refreshToken, host));
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        TA_ASSERT_ERROR(401, kInvalid, refresh(u.refreshToken, host));
        TA_ASSERT_ERROR(401, kInvalid, refresh(first, host));
    }

    void testSettingsShowAndCheckTheNewKeys() {
        const ItTenant& t = grace30();
        std::string token = t.adminToken();
        HttpResponse got = ItAdmin::get("/api/admin/settings", token, t.host);
        TA_ASSERT_STATUS(200, got);
        CPPUNIT_ASSERT_EQUAL(30, got.json()->getValue<int>("refreshReuseGraceSeconds"));
        CPPUNIT_ASSERT_EQUAL(7776000, got.json()->getValue<int>("maxSessionAge"));
        HttpResponse set = ItAdmin::json(
            "PATCH", "/api/admin/settings",
            "{\"refreshReuseGraceSeconds\":30,\"maxSessionAge\":86400}", token, t.host);
        TA_ASSERT_STATUS(200, set);
        CPPUNIT_ASSERT_EQUAL(86400, set.json()->getValue<int>("maxSessionAge"));
        TA_ASSERT_ERROR(400, "refreshReuseGraceSeconds must be an integer from 0 to 60",
                        ItAdmin::json("PATCH", "/api/admin/settings",
                                      "{\"refreshReuseGraceSeconds\":61}", token, t.host));
        TA_ASSERT_ERROR(
            400, "maxSessionAge must be an integer from 300 to 315360000",
            ItAdmin::json("PATCH", "/api/admin/settings", "{\"maxSessionAge\":60}", token, t.host));
    }

    // The default 90 days, with the family's login moved back in the database.
    void testFamilyOlderThanMaxSessionAgeIsRefused() {
        auto u = ItEnv::registerUser();
        auto age = [&](const std::string& interval) {
            ItAdmin::psql(
                "UPDATE tenant_alpha.refresh_tokens SET family_created_at = now() - "
                "interval '" +
                interval + "' WHERE user_id = '" + u.id + "'");
        };
        age("89 days");
        std::string next = rotated(refresh(u.refreshToken, "alpha.test"));
        // The new token does not outlive the family's age, whatever refreshTokenTtl says.
        CPPUNIT_ASSERT_EQUAL(std::string("t"),
                             ItAdmin::psql("SELECT expires_at <= family_created_at + interval "
                                           "'7776000 seconds' FROM tenant_alpha.refresh_tokens "
                                           "WHERE rotated_at IS NULL AND user_id = '" +
                                           u.id + "'")
                                 .substr(0, 1));
        age("90 days 1 minute");
        TA_ASSERT_ERROR(401, kInvalid, refresh(next, "alpha.test"));
    }

    void testMaxSessionAgeAfterASleep() {
        const std::string host = shortSessions().host;
        auto u = ItEnv::registerUser(host);
        std::this_thread::sleep_for(std::chrono::milliseconds(3000));
        TA_ASSERT_ERROR(401, kInvalid, refresh(u.refreshToken, host));
        // Refused for its age: the token itself had 30 days to go.
        std::string schema = "tenant_" + shortSessions().slug;
        CPPUNIT_ASSERT_EQUAL(
            std::string("t"),
            ItAdmin::psql("SELECT bool_and(expires_at > now() + interval '29 "
                          "days') FROM \"" +
                          schema + "\".refresh_tokens WHERE user_id = '" + u.id + "'")
                .substr(0, 1));
    }

    // Within a grace a rotation forgets the family's earlier seeds: only the last rotated
    // token keeps one. Without a grace no rotation stores a seed.
    void testOnlyTheLastRotatedTokenKeepsASeed() {
        auto seeded = [](const ItTenant& t, const std::string& userId) {
            return ItAdmin::psql("SELECT count(*) FROM \"tenant_" + t.slug +
                                 "\".refresh_tokens WHERE successor_seed IS NOT NULL AND "
                                 "user_id = '" +
                                 userId + "'");
        };
        auto u = ItEnv::registerUser(grace30().host);
        std::string token = u.refreshToken;
        for (int i = 0; i < 3; ++i) token = rotated(refresh(token, grace30().host));
        CPPUNIT_ASSERT_EQUAL(std::string("1\n"), seeded(grace30(), u.id));
        auto v = ItEnv::registerUser(shortSessions().host);
        token = rotated(refresh(v.refreshToken, shortSessions().host));
        rotated(refresh(token, shortSessions().host));
        CPPUNIT_ASSERT_EQUAL(std::string("0\n"), seeded(shortSessions(), v.id));
    }

    // A rotation without a seed sets rotated_at, a revocation revoked_at: with either in
    // an index (key or predicate) the UPDATE is not HOT and writes an entry into every
    // index of the table (sql/tenant/006).
    void testNoIndexHoldsWhatARotationSets() {
        CPPUNIT_ASSERT_EQUAL(std::string("0\n"),
                             ItAdmin::psql("SELECT count(*) FROM pg_indexes WHERE schemaname = "
                                           "'tenant_alpha' AND tablename = 'refresh_tokens' AND "
                                           "indexdef ~ '(rotated_at|revoked_at)'"));
        CPPUNIT_ASSERT_EQUAL(std::string("4\n"),
                             ItAdmin::psql("SELECT count(*) FROM pg_indexes WHERE schemaname = "
                                           "'tenant_alpha' AND tablename = 'refresh_tokens'"));
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_REGISTRATION(RefreshSessionIT);
