// The bcrypt pool is shared fairly between tenants: while one tenant's logins flood
// it (waiting for places, some turned away with 503 after hash-wait-ms), another
// tenant's logins still succeed.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItTenant.h"

using namespace ta::test;

class LoginFairnessIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LoginFairnessIT);
    CPPUNIT_TEST(testAFloodAtOneTenantLeavesRoomForAnother);
    CPPUNIT_TEST_SUITE_END();

public:
    void testAFloodAtOneTenantLeavesRoomForAnother() {
        const ItTenant flooded = ItTenant::create("flood");
        const ItTenant calm = ItTenant::create("calm");
        std::atomic<bool> stop{false};
        std::mutex m;
        std::map<int, int> floodStatuses;
        std::vector<std::thread> flood;
        // More logins at once than the daemon has request threads (2 x 8).
        for (int i = 0; i < 24; ++i)
            flood.emplace_back([&] {
                while (!stop.load()) {
                    int status = 0;
                    try {
                        status =
                            ItEnv::login(flooded.adminEmail, flooded.adminPassword, flooded.host)
                                .status;
                    } catch (const std::exception&) {
                        status = -1;
                    }
                    std::lock_guard<std::mutex> lock(m);
                    ++floodStatuses[status];
                }
            });
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        std::vector<int> calmStatuses;
        for (int i = 0; i < 6; ++i)
            calmStatuses.push_back(
                ItEnv::login(calm.adminEmail, calm.adminPassword, calm.host).status);
        stop.store(true);
        for (auto& t : flood) t.join();

        std::string seen;
        for (const auto& [status, n] : floodStatuses)
            seen += " " + std::to_string(status) + "x" + std::to_string(n);
        // Whether the flood sees 503s depends on how fast the box hashes: its logins
        // wait for places up to hash-wait-ms (2 s) before they are refused.
        size_t kinds = (floodStatuses.count(200) ? 1 : 0) + (floodStatuses.count(503) ? 1 : 0);
        TA_ASSERT("the flood's answers were 200 or 503:" + seen,
                  floodStatuses[200] > 0 && kinds == floodStatuses.size());
        for (size_t i = 0; i < calmStatuses.size(); ++i)
            TA_ASSERT("login " + std::to_string(i + 1) + " at the other tenant during the flood: " +
                          std::to_string(calmStatuses[i]) + " (flood:" + seen + ")",
                      calmStatuses[i] == 200);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LoginFairnessIT);
