// A worker process dies (kill -9): the master replaces it and service continues.
// Destructive: run explicitly (`integration_tests WorkerRespawnIT`).
#include <cppunit/extensions/HelperMacros.h>
#include <signal.h>

#include <algorithm>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItMetrics.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItMetrics;

class WorkerRespawnIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WorkerRespawnIT);
    CPPUNIT_TEST(testKilledWorkerIsReplaced);
    CPPUNIT_TEST_SUITE_END();

public:
    void testKilledWorkerIsReplaced() {
        auto u = ItEnv::registerUser();
        pid_t master = ItEnv::daemonPid();
        TA_ASSERT("daemon pid from TA_DAEMON_PID_FILE",
                  master > 0 && ItEnv::processRunning(master));
        auto before = ItEnv::childrenOf(master);
        TA_ASSERT("the daemon has worker processes", !before.empty());
        const char* restarts = "tenantauth_worker_restarts_total";
        double restartsBefore = ItMetrics::value(ItMetrics::scrape(), restarts);
        pid_t victim = before.front();
        CPPUNIT_ASSERT_EQUAL(0, kill(victim, SIGKILL));

        std::vector<pid_t> now;
        bool replaced = ItEnv::poll(5, [&] {
            now = ItEnv::childrenOf(master);
            return now.size() == before.size() &&
                   std::find(now.begin(), now.end(), victim) == now.end();
        });
        TA_ASSERT("same number of workers (" + std::to_string(before.size()) +
                      ") within 5 s, now " + std::to_string(now.size()),
                  replaced);
        TA_ASSERT("master survived", ItEnv::processRunning(master));
        for (int i = 0; i < 20; ++i) {
            TA_ASSERT_STATUS(200, http.get("/api/health"));
            TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(u.accessToken)));
        }
        TA_ASSERT_STATUS(200, ItEnv::login(u.email, u.password));
        // The operator sees it: one restart, and the same number of processes.
        std::string m = ItMetrics::scrape();
        CPPUNIT_ASSERT_EQUAL(restartsBefore + 1, ItMetrics::value(m, restarts));
        CPPUNIT_ASSERT_EQUAL(static_cast<double>(before.size()),
                             ItMetrics::value(m, "tenantauth_worker_processes"));
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(WorkerRespawnIT, "destructive");
