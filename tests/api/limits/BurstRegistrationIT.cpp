// A burst of sign-ups larger than the bcrypt pool (and than the daemon's request
// threads, 2 x 8) is served, not partly refused: a job that finds the pool full waits
// for a place (hash-wait-ms, default 2 s) instead of answering 503 at once.
#include <cppunit/extensions/HelperMacros.h>

#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItTenant.h"

using namespace ta::test;

class BurstRegistrationIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(BurstRegistrationIT);
    CPPUNIT_TEST(testParallelSignUpsOfOneEmail);
    CPPUNIT_TEST_SUITE_END();

public:
    void testParallelSignUpsOfOneEmail() {
        // bcrypt cost 10 (4x cheaper than the default 12) keeps each place's turn short
        // on a loaded test box, so the waits stay well inside the 2 s default.
        static const ItTenant tenant = ItTenant::create("burst", "{\"bcryptCost\": 10}");
        const int n = 24;
        std::string body = ItEnv::credentials(ItEnv::uniqueEmail("burst"), ItEnv::password());
        std::mutex m;
        std::map<int, int> statuses;
        std::string samples;
        std::vector<std::thread> threads;
        for (int i = 0; i < n; ++i)
            threads.emplace_back([&] {
                HttpResponse r;
                try {
                    r = HttpClient().postJson("/api/auth/register", body, {}, tenant.host);
                } catch (const std::exception& e) {
                    r.status = -1;
                    r.body = e.what();
                }
                std::lock_guard<std::mutex> lock(m);
                if (++statuses[r.status] == 1) samples += "\n  " + r.describe();
            });
        for (auto& t : threads) t.join();
        std::string seen;
        for (const auto& [status, count] : statuses)
            seen += " " + std::to_string(status) + "x" + std::to_string(count);
        TA_ASSERT("one 201 and the rest 409, no 503:" + seen + samples,
                  statuses[201] == 1 && statuses[409] == n - 1);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(BurstRegistrationIT);
