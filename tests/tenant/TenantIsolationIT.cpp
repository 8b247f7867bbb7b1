// Under concurrent load every answer belongs to the caller: no state leaks between
// requests, workers or tenants.
#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

#include <cppunit/extensions/HelperMacros.h>

#include <mutex>
#include <thread>
#include <vector>

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;
using ta::test::ItUser;

class TenantIsolationIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TenantIsolationIT);
    CPPUNIT_TEST(testConcurrentRequestsAnswerTheirOwnUser);
    CPPUNIT_TEST_SUITE_END();

public:
    void testConcurrentRequestsAnswerTheirOwnUser() {
        std::vector<ItUser> users{ItEnv::registerUser("alpha.test"), ItEnv::registerUser("beta.test"),
                                  ItEnv::registerUser("alpha.test"), ItEnv::registerUser("beta.test")};
        const int threads = 8, perThread = 50;
        std::mutex m;
        std::vector<std::string> problems;
        int ok = 0;
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) {
            pool.emplace_back([&, t] {
                HttpClient http;
                int mine = 0;
                for (int i = 0; i < perThread; ++i) {
                    const ItUser& u = users[(t + i) % users.size()];
                    std::string problem;
                    try {
                        HttpResponse r = http.get("/api/users/me", ItEnv::auth(u.accessToken), u.host);
                        if (r.status != 200) {
                            problem = u.host + ": " + r.describe();
                        } else {
                            auto user = r.json()->getObject("user");
                            if (user->getValue<std::string>("id") != u.id || user->getValue<std::string>("email") != u.email)
                                problem = "asked as " + u.email + " at " + u.host + ", got " + r.body;
                        }
                    } catch (const std::exception& e) {
                        problem = e.what();
                    }
                    if (problem.empty()) {
                        ++mine;
                    } else {
                        std::lock_guard<std::mutex> lock(m);
                        problems.push_back(problem);
                    }
                }
                std::lock_guard<std::mutex> lock(m);
                ok += mine;
            });
        }
        for (auto& t : pool) t.join();
        TA_ASSERT(std::to_string(problems.size()) + " wrong answers, first: " +
                      (problems.empty() ? std::string() : problems.front()),
                  problems.empty());
        CPPUNIT_ASSERT_EQUAL(threads * perThread, ok);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TenantIsolationIT);
