#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "metrics/AllowList.h"
#include "metrics/Exposition.h"
#include "metrics/Scoreboard.h"

using ta::metrics::AllowList;
using ta::metrics::Block;
using ta::metrics::Exposition;
using ta::metrics::RouteLabel;
using ta::metrics::Scoreboard;

class MetricsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(MetricsTest);
    CPPUNIT_TEST(loopbackIsAlwaysAllowed);
    CPPUNIT_TEST(allowListTakesAddressesAndBlocks);
    CPPUNIT_TEST(allowListRefusesWhatIsNotAnAddress);
    CPPUNIT_TEST(statusAndBucketIndexes);
    CPPUNIT_TEST(tenantRowsAreBounded);
    CPPUNIT_TEST(histogramIsCumulative);
    CPPUNIT_TEST(labelValuesAreEscaped);
    CPPUNIT_TEST_SUITE_END();

public:
    void loopbackIsAlwaysAllowed() {
        AllowList none = AllowList::parse("");
        for (const char* a : {"127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"})
            CPPUNIT_ASSERT_MESSAGE(a, none.permits(a));
        for (const char* a : {"128.0.0.1", "10.0.0.1", "::2", "", "localhost", "127.0.0.1x"})
            CPPUNIT_ASSERT_MESSAGE(a, !none.permits(a));
    }

    void allowListTakesAddressesAndBlocks() {
        AllowList l = AllowList::parse("10.0.0.5, 192.0.2.0/24\t2001:db8::/32");
        CPPUNIT_ASSERT(l.permits("10.0.0.5"));
        CPPUNIT_ASSERT(!l.permits("10.0.0.6"));
        CPPUNIT_ASSERT(l.permits("192.0.2.0"));
        CPPUNIT_ASSERT(l.permits("192.0.2.255"));
        CPPUNIT_ASSERT(!l.permits("192.0.3.1"));
        CPPUNIT_ASSERT(l.permits("2001:db8:1::7"));
        CPPUNIT_ASSERT(!l.permits("2001:db9::1"));
        // An IPv4 block does not admit IPv6 addresses that share its bits.
        CPPUNIT_ASSERT(!AllowList::parse("0.0.0.0/0").permits("2001:db8::1"));
        CPPUNIT_ASSERT(AllowList::parse("0.0.0.0/0").permits("203.0.113.9"));
        CPPUNIT_ASSERT(AllowList::parse("192.0.2.9/31").permits("192.0.2.8"));
        CPPUNIT_ASSERT(!AllowList::parse("192.0.2.9/31").permits("192.0.2.10"));
    }

    void allowListRefusesWhatIsNotAnAddress() {
        for (const char* bad : {"example.com", "10.0.0.0/33", "2001:db8::/129", "10.0.0.1/",
                                "1.2.3", "10.0.0.0/-1", "10.0.0.0/8x"}) {
            bool refused = false;
            try {
                AllowList::parse(bad);
            } catch (const std::invalid_argument& e) {
                refused = std::string(e.what()).find(bad) != std::string::npos;
            }
            CPPUNIT_ASSERT_MESSAGE(bad, refused);
        }
    }

    void statusAndBucketIndexes() {
        CPPUNIT_ASSERT_EQUAL(0, Scoreboard::statusIndex(200));
        CPPUNIT_ASSERT_EQUAL(ta::metrics::kStatuses - 1, Scoreboard::statusIndex(418));
        CPPUNIT_ASSERT_EQUAL(0, Scoreboard::bucketIndex(500));  // 0.5 ms is in le=0.0005
        CPPUNIT_ASSERT_EQUAL(1, Scoreboard::bucketIndex(501));
        CPPUNIT_ASSERT_EQUAL(ta::metrics::kBuckets, Scoreboard::bucketIndex(60 * 1000 * 1000));
    }

    void tenantRowsAreBounded() {
        auto b = std::make_unique<Block>();
        ta::metrics::TenantRow* alpha = Scoreboard::tenantRow(*b, "alpha");
        CPPUNIT_ASSERT(alpha != nullptr);
        CPPUNIT_ASSERT(Scoreboard::tenantRow(*b, "alpha") == alpha);
        for (int i = 1; i < ta::metrics::kMaxTenants; ++i)
            CPPUNIT_ASSERT(Scoreboard::tenantRow(*b, "t" + std::to_string(i)) != nullptr);
        CPPUNIT_ASSERT(Scoreboard::tenantRow(*b, "one-too-many") == nullptr);
        CPPUNIT_ASSERT(Scoreboard::tenantRow(*b, "alpha") == alpha);
        std::string text = Exposition::render(*b, {});
        CPPUNIT_ASSERT(text.find("tenant=\"t255\"") == std::string::npos);  // no traffic yet
    }

    void histogramIsCumulative() {
        auto b = std::make_unique<Block>();
        std::vector<RouteLabel> routes{{"GET", "/api/health"}, {"POST", "/api/auth/login"}};
        Scoreboard::add(b->requests[1][Scoreboard::statusIndex(401)], 3);
        Scoreboard::add(b->latency[1][Scoreboard::bucketIndex(300)]);       // 0.3 ms
        Scoreboard::add(b->latency[1][Scoreboard::bucketIndex(20000)], 2);  // 20 ms
        Scoreboard::add(b->latencyMicros[1], 40300);
        std::string text = Exposition::render(*b, routes);
        auto has = [&](const std::string& line) {
            CPPUNIT_ASSERT_MESSAGE(line + "\n---\n" + text,
                                   text.find(line + "\n") != std::string::npos);
        };
        has("# TYPE tenantauth_http_requests_total counter");
        has("tenantauth_http_requests_total{method=\"POST\",route=\"/api/auth/"
            "login\",status=\"401\"} 3");
        std::string l = "method=\"POST\",route=\"/api/auth/login\"";
        has("tenantauth_http_request_duration_seconds_bucket{" + l + ",le=\"0.0005\"} 1");
        has("tenantauth_http_request_duration_seconds_bucket{" + l + ",le=\"0.01\"} 1");
        has("tenantauth_http_request_duration_seconds_bucket{" + l + ",le=\"0.025\"} 3");
        has("tenantauth_http_request_duration_seconds_bucket{" + l + ",le=\"+Inf\"} 3");
        has("tenantauth_http_request_duration_seconds_sum{" + l + "} 0.040300");
        has("tenantauth_http_request_duration_seconds_count{" + l + "} 3");
        // The health route had no traffic: no series for it.
        CPPUNIT_ASSERT(text.find("/api/health") == std::string::npos);
        has("tenantauth_logins_total{outcome=\"bad_credentials\"} 0");
    }

    void labelValuesAreEscaped() {
        CPPUNIT_ASSERT_EQUAL(std::string("a\\\"b\\\\c\\nd"), Exposition::escape("a\"b\\c\nd"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(MetricsTest);
