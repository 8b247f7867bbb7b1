// SIGTERM lets the requests in flight finish, then the daemon exits. Destructive and
// final: the daemon is gone afterwards (`integration_tests GracefulShutdownIT`).
#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <signal.h>
#include <thread>
#include <vector>

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;

class GracefulShutdownIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(GracefulShutdownIT);
    CPPUNIT_TEST(testSigtermFinishesRequestsInFlight);
    CPPUNIT_TEST_SUITE_END();

public:
    void testSigtermFinishesRequestsInFlight() {
        auto u = ItEnv::registerUser();
        pid_t master = ItEnv::daemonPid();
        TA_ASSERT("daemon pid from TA_DAEMON_PID_FILE", master > 0 && ItEnv::processRunning(master));

        // bcrypt makes logins and registrations slow enough to be caught in flight.
        const int n = 4;
        std::vector<int> statuses(n, -1);
        std::vector<std::string> details(n);
        std::vector<std::thread> threads;
        for (int i = 0; i < n; ++i) {
            threads.emplace_back([&, i] {
                HttpClient http;
                try {
                    HttpResponse r = i % 2 ? ItEnv::login(u.email, u.password, "alpha.test", http)
                                           : http.postJson("/api/auth/register",
                                                           ItEnv::credentials(ItEnv::uniqueEmail("term"), ItEnv::password()));
                    statuses[i] = r.status;
                    details[i] = r.describe();
                } catch (const std::exception& e) {
                    statuses[i] = 0;
                    details[i] = e.what();
                }
            });
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        auto sent = std::chrono::steady_clock::now();
        CPPUNIT_ASSERT_EQUAL(0, kill(master, SIGTERM));
        for (auto& t : threads) t.join();
        for (int i = 0; i < n; ++i) {
            int want = i % 2 ? 200 : 201;
            TA_ASSERT("request in flight at SIGTERM completed: " + details[i], statuses[i] == want);
        }
        bool gone = ItEnv::poll(10, [&] { return !ItEnv::processRunning(master); });
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - sent).count();
        TA_ASSERT("daemon exited within 10 s of SIGTERM (" + std::to_string(secs) + " s)", gone);
        TA_ASSERT("its workers exited too", ItEnv::childrenOf(master).empty());
    }
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(GracefulShutdownIT, "destructive");
