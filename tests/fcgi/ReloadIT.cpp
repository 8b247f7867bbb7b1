// SIGHUP re-reads the config file: `environment` and `log-level` change in running
// workers without a restart. Destructive (it rewrites the shared daemon's config):
// run explicitly (`integration_tests ReloadIT`).
#include <cppunit/extensions/HelperMacros.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;

class ReloadIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ReloadIT);
    CPPUNIT_TEST(testSighupReloadsEnvironmentAndLogLevel);
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
            TA_ASSERT("Secure after reload to production: " + r.describe(), r.cookie("refresh_token").has("secure"));
        }
        std::string quiet = "reload-quiet-" + ItEnv::uniqueSuffix();
        TA_ASSERT_STATUS(200, http.get("/api/health", {{"X-Request-Id", quiet}}));

        std::ofstream(configPath()) << original;
        hangUp();
        for (int i = 0; i < 6; ++i) {
            HttpResponse r = ItEnv::login(u.email, u.password);
            TA_ASSERT("no Secure back in development: " + r.describe(), !r.cookie("refresh_token").has("secure"));
        }
        std::string loud = "reload-loud-" + ItEnv::uniqueSuffix();
        TA_ASSERT_STATUS(200, http.get("/api/health", {{"X-Request-Id", loud}}));
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        TA_ASSERT("at log-level warn no request line for " + quiet, !logged(quiet));
        TA_ASSERT("at log-level info a request line for " + loud, logged(loud));
    }
};
CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ReloadIT, "destructive");
