// GET /api/metrics: Prometheus text for loopback and metrics-allow addresses only,
// counting every worker process (the daemon runs two), not just the one that answers.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItMetrics.h"
#include "RawFcgi.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItMetrics;
using ta::test::RawFcgi;

#define EXPECT_EQ(what, expected, actual) \
    CPPUNIT_ASSERT_EQUAL_MESSAGE("[" + ItEnv::front() + "] " + std::string(what), expected, actual)

class MetricsIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MetricsIT);
    CPPUNIT_TEST(testPrometheusTextFromLoopback);
    CPPUNIT_TEST(testCountsEveryWorkerProcess);
    CPPUNIT_TEST(testLoginOutcomes);
    CPPUNIT_TEST(testRequestsByTenant);
    CPPUNIT_TEST(testOtherAddressesGet404);
    CPPUNIT_TEST(testMetricsAllowAdmitsListedAddresses);
    CPPUNIT_TEST_SUITE_END();

    HttpClient http;

    std::string scrape() { return ItMetrics::scrape(http); }
    static double value(const std::string& text, const std::string& series) {
        return ItMetrics::value(text, series);
    }

    static RawFcgi::Params params(const std::string& remoteAddr) {
        return {{"REQUEST_METHOD", "GET"},       {"REQUEST_URI", "/api/metrics"},
                {"SCRIPT_NAME", "/api/metrics"}, {"REMOTE_ADDR", remoteAddr},
                {"HTTP_HOST", "alpha.test"},     {"SERVER_PROTOCOL", "HTTP/1.1"}};
    }

public:
    void testPrometheusTextFromLoopback() {
        HttpResponse r = http.get("/api/metrics");
        EXPECT_EQ("status", 200, r.status);
        TA_ASSERT("Content-Type " + r.header("Content-Type"),
                  r.header("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0);
        for (const char* line : {"# TYPE tenantauth_http_requests_total counter",
                                 "# TYPE tenantauth_http_request_duration_seconds histogram",
                                 "# TYPE tenantauth_logins_total counter",
                                 "# TYPE tenantauth_db_pool_waits_total counter",
                                 "# TYPE tenantauth_hash_rejections_total counter",
                                 "# TYPE tenantauth_worker_restarts_total counter"})
            TA_ASSERT(std::string("has ") + line,
                      r.body.find(std::string(line) + "\n") != std::string::npos);
        EXPECT_EQ("worker processes (the stack runs --processes 2)", 2.0,
                  value(r.body, "tenantauth_worker_processes"));
        TA_ASSERT("tenants loaded >= 2 (alpha, beta)",
                  value(r.body, "tenantauth_tenants_loaded") >= 2);
        // The scrape itself is in flight while it is rendered.
        TA_ASSERT("requests in flight >= 1", value(r.body, "tenantauth_requests_in_flight") >= 1);
        // Any Host: the route needs no tenant.
        EXPECT_EQ("unknown Host", 200, http.get("/api/metrics", {}, "nowhere.invalid").status);
    }

    void testCountsEveryWorkerProcess() {
        const std::string series =
            "tenantauth_http_requests_total{method=\"GET\",route=\"/api/health\",status=\"200\"}";
        const std::string count =
            "tenantauth_http_request_duration_seconds_count{method=\"GET\",route=\"/api/health\"}";
        std::string before = scrape();
        const int n = 40;
        for (int i = 0; i < n; ++i) EXPECT_EQ("health", 200, http.get("/api/health").status);
        std::string after = scrape();
        // Each web server spreads its connections over both worker processes: one
        // process's counters alone would show about half.
        EXPECT_EQ("health requests counted", static_cast<double>(n),
                  value(after, series) - value(before, series));
        EXPECT_EQ("latency observations", static_cast<double>(n),
                  value(after, count) - value(before, count));
    }

    void testLoginOutcomes() {
        auto u = ItEnv::registerUser();
        auto ok = "tenantauth_logins_total{outcome=\"success\"}";
        auto bad = "tenantauth_logins_total{outcome=\"bad_credentials\"}";
        std::string before = scrape();
        EXPECT_EQ("wrong password", 401, ItEnv::login(u.email, "wrong-password-1").status);
        EXPECT_EQ("unknown user", 401,
                  ItEnv::login("nobody-" + u.email, "wrong-password-1").status);
        EXPECT_EQ("right password", 200, ItEnv::login(u.email, u.password).status);
        HttpResponse v1 =
            http.postJson("/api/v1/users/signIn", "{\"username\":" + ItEnv::quote(u.email) +
                                                      ",\"password\":\"nope-nope\"}");
        EXPECT_EQ("/api/v1 sign-in with a wrong password", 401, v1.status);
        std::string after = scrape();
        EXPECT_EQ("bad_credentials", 3.0, value(after, bad) - value(before, bad));
        EXPECT_EQ("success", 1.0, value(after, ok) - value(before, ok));
    }

    void testRequestsByTenant() {
        auto alpha = "tenantauth_tenant_requests_total{tenant=\"alpha\",class=\"4xx\"}";
        auto beta = "tenantauth_tenant_requests_total{tenant=\"beta\",class=\"4xx\"}";
        std::string before = scrape();
        for (int i = 0; i < 3; ++i)
            EXPECT_EQ("/me without a token", 401, http.get("/api/users/me").status);
        std::string after = scrape();
        EXPECT_EQ("alpha 4xx", 3.0, value(after, alpha) - value(before, alpha));
        EXPECT_EQ("beta untouched", 0.0, value(after, beta) - value(before, beta));
    }

    void testOtherAddressesGet404() {
        std::string addr = ItEnv::var("TA_DAEMON_ADDR");
        TA_ASSERT("TA_DAEMON_ADDR is set", !addr.empty());
        std::string loop = RawFcgi::exchange(addr, RawFcgi::kResponder, params("127.0.0.1"));
        EXPECT_EQ("from 127.0.0.1", 200, RawFcgi::status(loop));
        for (const char* remote : {"192.0.2.7", "10.1.2.3", "2001:db8::7", ""}) {
            std::string out = RawFcgi::exchange(addr, RawFcgi::kResponder, params(remote));
            EXPECT_EQ(std::string("from '") + remote + "'", 404, RawFcgi::status(out));
            TA_ASSERT("a JSON 404, not the metrics: " + out,
                      RawFcgi::body(out).find("tenantauth_") == std::string::npos &&
                          RawFcgi::body(out).find("Not found") != std::string::npos);
        }
    }

    void testMetricsAllowAdmitsListedAddresses() {
        // The second daemon runs with metrics-allow = "192.0.2.0/24, 2001:db8::/32".
        std::string addr = ItEnv::var("TA_DAEMON2_ADDR");
        TA_ASSERT("TA_DAEMON2_ADDR is set", !addr.empty());
        for (const char* remote : {"192.0.2.7", "2001:db8::7", "127.0.0.1"}) {
            std::string out = RawFcgi::exchange(addr, RawFcgi::kResponder, params(remote));
            EXPECT_EQ(std::string("from ") + remote, 200, RawFcgi::status(out));
            TA_ASSERT("Prometheus text",
                      RawFcgi::body(out).find("# TYPE tenantauth_") != std::string::npos);
        }
        for (const char* remote : {"192.0.3.7", "2001:db9::7"}) {
            std::string out = RawFcgi::exchange(addr, RawFcgi::kResponder, params(remote));
            EXPECT_EQ(std::string("from ") + remote, 404, RawFcgi::status(out));
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MetricsIT);
