// SIGHUP re-reads the config file: `environment` and `log-level` change in running
// workers without a restart. Destructive (it rewrites the shared daemon's config):
// run explicitly (`integration_tests ReloadIT`).
#include <cppunit/extensions/HelperMacros.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <vector>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItMetrics.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItMetrics;

class ReloadIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ReloadIT);
    CPPUNIT_TEST(testSighupReloadsEnvironmentAndLogLevel);
    CPPUNIT_TEST(testHashWaitZeroRefusesLoggedAndCounted);
    CPPUNIT_TEST_SUITE_END();

    std::string configPath() { return ItEnv::stateDir() + "/tenantauth.conf"; }

    void hangUp() {
        CPPUNIT_ASSERT_EQUAL(0, kill(ItEnv::daemonPid(), SIGHUP));
        // The supervisor re-reads, then forwards to each worker, which re-reads.
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    }

    bool logged(const std::string& rid) {
        return ItEnv::readFile(ItEnv::daemonLogPath()).find("rid=" + rid) != std::string::npos;
    }

    // The config text without the lines setting `keys` (a key may appear once).
    static std::string without(const std::string& text, std::initializer_list<std::string> keys) {
        std::istringstream in(text);
        std::string line, out;
        while (std::getline(in, line)) {
            bool drop = false;
            for (const auto& k : keys) drop = drop || line.rfind(k, 0) == 0;
            if (!drop) out += line + "\n";
        }
        return out;
    }

public:
    void testSighupReloadsEnvironmentAndLogLevel() {
        const std::string original = ItEnv::readFile(configPath());
        auto u = ItEnv::registerUser();
        HttpClient http;

        std::ofstream(configPath()) << without(original, {"environment", "log-level"})
                                    << "environment = production\nlog-level = warn\n";
        hangUp();
        // Every worker process has reloaded: several answers, all in production mode.
        for (int i = 0; i < 6; ++i) {
            HttpResponse r = ItEnv::login(u.email, u.password);
            TA_ASSERT_STATUS(200, r);
            TA_ASSERT("Secure after reload to production: " + r.describe(),
                      r.cookie("refresh_token").has("secure"));
        }
        std::string quiet = "reload-quiet-" + ItEnv::uniqueSuffix();
        TA_ASSERT_STATUS(200, http.get("/api/health", {{"X-Request-Id", quiet}}));

        std::ofstream(configPath()) << original;
        hangUp();
        for (int i = 0; i < 6; ++i) {
            HttpResponse r = ItEnv::login(u.email, u.password);
            TA_ASSERT("no Secure back in development: " + r.describe(),
                      !r.cookie("refresh_token").has("secure"));
        }
        std::string loud = "reload-loud-" + ItEnv::uniqueSuffix();
        TA_ASSERT_STATUS(200, http.get("/api/health", {{"X-Request-Id", loud}}));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        TA_ASSERT("at log-level warn no request line for " + quiet, !logged(quiet));
        TA_ASSERT("at log-level info a request line for " + loud, logged(loud));
    }

    // hash-wait-ms = 0 (reloaded): a burst larger than the bcrypt queue is partly
    // refused at once, and each 503 is in the log with its request id and the reason,
    // and in tenantauth_hash_rejections_total.
    void testHashWaitZeroRefusesLoggedAndCounted() {
        const std::string original = ItEnv::readFile(configPath());
        std::ofstream(configPath()) << without(original, {"hash-wait-ms"}) << "hash-wait-ms = 0\n";
        hangUp();
        double before = ItMetrics::value(ItMetrics::scrape(), "tenantauth_hash_rejections_total");
        std::mutex m;
        std::vector<std::string> refused;
        std::vector<std::thread> burst;
        for (int i = 0; i < 24; ++i)
            burst.emplace_back([&] {
                HttpResponse r = HttpClient().postJson(
                    "/api/auth/register",
                    ItEnv::credentials(ItEnv::uniqueEmail("nowait"), ItEnv::password()));
                std::lock_guard<std::mutex> lock(m);
                if (r.status == 503) refused.push_back(r.header("X-Request-Id"));
            });
        for (auto& t : burst) t.join();
        std::ofstream(configPath()) << original;
        hangUp();
        TA_ASSERT("24 sign-ups at once without waiting: some 503", !refused.empty());
        double after = ItMetrics::value(ItMetrics::scrape(), "tenantauth_hash_rejections_total");
        TA_ASSERT("rejections counted: " + std::to_string(before) + " -> " + std::to_string(after),
                  after - before >= static_cast<double>(refused.size()));
        std::string log = ItEnv::readFile(ItEnv::daemonLogPath());
        for (const std::string& rid : refused) {
            size_t at = log.find("rid=" + rid + " refused (503): ");
            TA_ASSERT("a refusal line for rid=" + rid, at != std::string::npos);
            std::string line = log.substr(at, log.find('\n', at) - at);
            TA_ASSERT("the reason is the bcrypt pool: " + line,
                      line.find("bcrypt pool is full") != std::string::npos &&
                          line.find("within 0 ms (hash-wait-ms)") != std::string::npos);
        }
    }
};
CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ReloadIT, "destructive");
