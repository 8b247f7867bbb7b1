// Plans and rate limits: over the plan's requestsPerMinute a user (by token) or an
// API key gets 429 with Retry-After; each key has its own budget; a plan change is
// seen at once; the limit holds across two daemons that share the database.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>
#include <vector>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItTenant.h"

using namespace ta::test;

namespace {
const ItTenant& tenant() {
    static const ItTenant t = ItTenant::create("rate", "{\"bcryptCost\": 4}");
    return t;
}

// Waits until at least `needed` seconds are left in the current minute, so a burst
// is counted in one window.
void awaitRoomInMinute(int needed) {
    int second = static_cast<int>(std::time(nullptr) % 60);
    if (60 - second < needed) std::this_thread::sleep_for(std::chrono::seconds(61 - second));
}

void putPlan(const std::string& admin, const std::string& id, int maxKeys, int perMinute) {
    auto r = HttpClient().send(
        "PUT", "/api/admin/plans/" + id,
        {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}},
        "{\"name\":\"" + id + "\",\"maxApiKeys\":" + std::to_string(maxKeys) +
            ",\"requestsPerMinute\":" + std::to_string(perMinute) + "}",
        tenant().host);
    TA_ASSERT("PUT plan " + id + ": " + r.describe(), r.status == 201 || r.status == 200);
}

void movePlan(const std::string& admin, const std::string& userId, const std::string& plan) {
    auto r = HttpClient().send(
        "PATCH", "/api/admin/users/" + userId,
        {{"Authorization", "Bearer " + admin}, {"Content-Type", "application/json"}},
        "{\"plan_id\":\"" + plan + "\"}", tenant().host);
    TA_ASSERT_STATUS(200, r);
}

void assertLimited(const HttpResponse& r) {
    TA_ASSERT_ERROR(429, "Rate limit exceeded", r);
    int retry = std::atoi(r.header("Retry-After").c_str());
    TA_ASSERT("Retry-After in whole seconds: '" + r.header("Retry-After") + "'",
              retry >= 1 && retry <= 60);
}
}  // namespace

class RateLimitIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RateLimitIT);
    CPPUNIT_TEST(testTokenAndKeyEachHaveThePlansBudget);
    CPPUNIT_TEST(testPlanChangeAppliesAtOnce);
    CPPUNIT_TEST(testLimitHoldsAcrossTwoDaemons);
    CPPUNIT_TEST_SUITE_END();

public:
    void testTokenAndKeyEachHaveThePlansBudget() {
        std::string admin = tenant().adminToken();
        std::string plan = "tiny_" + ItEnv::uniqueSuffix();
        putPlan(admin, plan, 2, 6);
        ItUser u = ItEnv::registerUser(tenant().host);
        movePlan(admin, u.id, plan);
        awaitRoomInMinute(20);
        HttpClient http;
        auto created = http.postJson("/api/api-keys", "{\"name\":\"rate\"}",
                                     ItEnv::auth(u.accessToken), tenant().host);
        TA_ASSERT_STATUS(201, created);
        std::string key = created.jsonString("apiKey");
        // The key creation was the token's first request of the minute.
        for (int i = 0; i < 5; ++i)
            TA_ASSERT_STATUS(200,
                             http.get("/api/users/me", ItEnv::auth(u.accessToken), tenant().host));
        assertLimited(http.get("/api/users/me", ItEnv::auth(u.accessToken), tenant().host));
        // The key has a budget of its own.
        for (int i = 0; i < 6; ++i)
            TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(key), tenant().host));
        assertLimited(http.get("/api/v1/users/whoami", ItEnv::auth(key), tenant().host));
        // Public routes are not limited by a user's plan.
        TA_ASSERT_STATUS(200, ItEnv::login(u.email, u.password, tenant().host));
    }

    void testPlanChangeAppliesAtOnce() {
        std::string admin = tenant().adminToken();
        std::string small = "one_" + ItEnv::uniqueSuffix();
        std::string large = "many_" + ItEnv::uniqueSuffix();
        putPlan(admin, small, 1, 1);
        putPlan(admin, large, 1, 1000);
        ItUser u = ItEnv::registerUser(tenant().host);
        movePlan(admin, u.id, small);
        awaitRoomInMinute(15);
        HttpClient http;
        TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(u.accessToken), tenant().host));
        assertLimited(http.get("/api/users/me", ItEnv::auth(u.accessToken), tenant().host));
        movePlan(admin, u.id, large);
        // The window the worker found used up stays so until it ends; a new window
        // takes the new plan's limit. Wait for it rather than for a fixed time.
        bool open = ItEnv::poll(62, [&] {
            return http.get("/api/users/me", ItEnv::auth(u.accessToken), tenant().host).status ==
                   200;
        });
        TA_ASSERT("the larger plan applies by the next minute", open);
        auto plans = http.get("/api/admin/plans", ItEnv::auth(admin), tenant().host);
        TA_ASSERT("plan listed at once: " + plans.body,
                  plans.body.find("\"id\":\"" + large + "\"") != std::string::npos);
    }

    void testLimitHoldsAcrossTwoDaemons() {
        std::string second = ItEnv::var("TA_BASE_URL2");
        TA_ASSERT("TA_BASE_URL2 (the second daemon) is set", !second.empty());
        const int limit = 200;
        std::string admin = tenant().adminToken();
        std::string plan = "shared_" + ItEnv::uniqueSuffix();
        putPlan(admin, plan, 1, limit);
        ItUser u = ItEnv::registerUser(tenant().host);
        movePlan(admin, u.id, plan);
        HttpClient one, two(second);
        // Both daemons know the tenant (the second saw it at its start or reload).
        TA_ASSERT_STATUS(200, two.get("/api/health", {}, tenant().host));
        awaitRoomInMinute(25);
        std::atomic<int> ok{0}, limited{0}, other{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 8; ++t)
            threads.emplace_back([&, t] {
                const HttpClient& c = t % 2 ? two : one;
                for (int i = 0; i < 40; ++i) {
                    int s =
                        c.get("/api/users/me", ItEnv::auth(u.accessToken), tenant().host).status;
                    (s == 200 ? ok : s == 429 ? limited : other)++;
                }
            });
        for (auto& t : threads) t.join();
        std::string figures = "ok=" + std::to_string(ok.load()) +
                              " limited=" + std::to_string(limited.load()) +
                              " other=" + std::to_string(other.load());
        TA_ASSERT("every answer 200 or 429: " + figures, other.load() == 0);
        // Never over the limit; at most a chunk per process short of it (4 processes).
        TA_ASSERT("within the limit: " + figures, ok.load() <= limit);
        TA_ASSERT("at least 90% of the limit: " + figures, ok.load() >= limit * 9 / 10);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RateLimitIT);
