#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <future>
#include <thread>

#include "credential/HashPool.h"
#include "domain/Refusal.h"
#include "metrics/Scoreboard.h"

using ta::credential::HashPool;
using ta::domain::Reason;
using ta::domain::Refusal;

// Admission to the bcrypt pool: a job finding no place waits up to the configured time
// (hash-wait-ms) instead of being refused at once. No timing is asserted: the tests
// wait for states (a job running, a job waiting), never for durations.
class HashPoolTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HashPoolTest);
    CPPUNIT_TEST(fullPoolRefusesAtOnceWithoutWait);
    CPPUNIT_TEST(fullPoolWaitsForAPlace);
    CPPUNIT_TEST(refusalAfterTheWaitSaysWhy);
    CPPUNIT_TEST(tokenChecksKeepTheThreadsBeyondThePlaces);
    CPPUNIT_TEST(tokenChecksLeaveOneWaiterForAnotherTenant);
    CPPUNIT_TEST(waitsWithinThePlacesDuringTokenChecks);
    CPPUNIT_TEST(tokenCheckWindow);
    CPPUNIT_TEST_SUITE_END();

    // Occupies one of the pool's places until release() (a job blocked on a future).
    struct Blocker {
        HashPool& pool;
        std::promise<void> gate;
        std::promise<void> started;
        std::thread thread;
        explicit Blocker(HashPool& p, std::string owner = "alpha") : pool(p) {
            std::shared_future<void> open = gate.get_future().share();
            thread = std::thread([this, open, owner] {
                pool.run(owner, [this, open] {
                    started.set_value();
                    open.wait();
                    return 1;
                });
            });
            started.get_future().wait();
        }
        void release() {
            if (!thread.joinable()) return;
            gate.set_value();
            thread.join();
        }
        ~Blocker() { release(); }  // a failed assertion must not leave the thread running
    };

    static bool waitUntil(HashPool& pool, std::size_t waiting) {
        for (int i = 0; i < 3000; ++i) {
            if (pool.waiting() == waiting) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }

public:
    void fullPoolRefusesAtOnceWithoutWait() {
        HashPool pool(1, 1, 0);
        Blocker busy(pool);
        std::uint64_t before = ta::metrics::Scoreboard::block().hashRejected.load();
        try {
            pool.run("alpha", [] { return 2; });
            CPPUNIT_FAIL("a full pool with hash-wait-ms 0 refuses");
        } catch (const Refusal& e) {
            CPPUNIT_ASSERT(e.reason() == Reason::Busy);
        }
        CPPUNIT_ASSERT_EQUAL(before + 1, ta::metrics::Scoreboard::block().hashRejected.load());
        busy.release();
        CPPUNIT_ASSERT_EQUAL(3, pool.run("alpha", [] { return 3; }));
    }

    void fullPoolWaitsForAPlace() {
        // An hour: the job must get the place when it frees, long before.
        HashPool pool(1, 1, 3600 * 1000);
        Blocker busy(pool);
        std::uint64_t waits = ta::metrics::Scoreboard::block().hashWaits.load();
        auto second =
            std::async(std::launch::async, [&] { return pool.run("alpha", [] { return 2; }); });
        CPPUNIT_ASSERT_MESSAGE("the second job waits for the place", waitUntil(pool, 1));
        CPPUNIT_ASSERT_EQUAL(waits + 1, ta::metrics::Scoreboard::block().hashWaits.load());
        busy.release();
        CPPUNIT_ASSERT_EQUAL(2, second.get());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), pool.waiting());
    }

    void refusalAfterTheWaitSaysWhy() {
        HashPool pool(1, 1, 1);  // 1 ms
        Blocker busy(pool);
        try {
            pool.run("beta", [] { return 2; });
            CPPUNIT_FAIL("the place stayed taken for the whole wait");
        } catch (const Refusal& e) {
            CPPUNIT_ASSERT(e.reason() == Reason::Busy);
            CPPUNIT_ASSERT_EQUAL(1, e.retryAfter());
            const std::string& why = e.message();
            CPPUNIT_ASSERT_MESSAGE(why, why.find("bcrypt pool is full") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(why, why.find("1 ms (hash-wait-ms)") != std::string::npos);
        }
        busy.release();
    }

    // Issue 11: with token checks coming, a login finding the pool full does not wait on
    // a request thread (they are kept for the checks): refused at once, however long
    // hash-wait-ms is, saying why.
    void tokenChecksKeepTheThreadsBeyondThePlaces() {
        HashPool pool(1, 1, 3600 * 1000);
        Blocker busy(pool);
        pool.tokenChecks().note();
        std::uint64_t waits = ta::metrics::Scoreboard::block().hashWaits.load();
        try {
            pool.run("alpha", [] { return 2; });
            CPPUNIT_FAIL("during token checks a full pool refuses at once");
        } catch (const Refusal& e) {
            CPPUNIT_ASSERT(e.reason() == Reason::Busy);
            const std::string& why = e.message();
            CPPUNIT_ASSERT_MESSAGE(why, why.find("bcrypt pool is full") != std::string::npos);
            CPPUNIT_ASSERT_MESSAGE(why, why.find("kept for them") != std::string::npos);
        }
        CPPUNIT_ASSERT_EQUAL(waits, ta::metrics::Scoreboard::block().hashWaits.load());
        busy.release();
        CPPUNIT_ASSERT_EQUAL(3, pool.run("alpha", [] { return 3; }));
    }

    // Fairness survives: one tenant fills the pool, another tenant's login (under its
    // share) may still wait for a place, one such waiter at a time.
    void tokenChecksLeaveOneWaiterForAnotherTenant() {
        HashPool pool(1, 1, 3600 * 1000);
        Blocker busy(pool, "alpha");
        pool.tokenChecks().note();
        auto calm =
            std::async(std::launch::async, [&] { return pool.run("beta", [] { return 2; }); });
        CPPUNIT_ASSERT_MESSAGE("the other tenant's login waits", waitUntil(pool, 1));
        try {
            pool.run("gamma", [] { return 3; });
            CPPUNIT_FAIL("a second waiter beyond the places is refused");
        } catch (const Refusal& e) {
            CPPUNIT_ASSERT(e.reason() == Reason::Busy);
        }
        busy.release();
        CPPUNIT_ASSERT_EQUAL(2, calm.get());
    }

    // Waiting for a tenant's share, while the pool still has places, stays within the
    // threads the places may hold: it is allowed during token checks, one more is not.
    void waitsWithinThePlacesDuringTokenChecks() {
        HashPool pool(5, 6, 3600 * 1000);  // an owner's share: 4 of 6 places
        Blocker a1(pool, "alpha"), a2(pool, "alpha"), a3(pool, "alpha"), a4(pool, "alpha");
        Blocker b(pool, "beta");
        pool.tokenChecks().note();
        auto fifth =
            std::async(std::launch::async, [&] { return pool.run("alpha", [] { return 5; }); });
        CPPUNIT_ASSERT_MESSAGE("alpha's fifth waits for its share", waitUntil(pool, 1));
        try {
            pool.run("alpha", [] { return 6; });
            CPPUNIT_FAIL("a seventh thread in a pool of six places is refused at once");
        } catch (const Refusal& e) {
            CPPUNIT_ASSERT(e.reason() == Reason::Busy);
            const std::string& why = e.message();
            CPPUNIT_ASSERT_MESSAGE(why, why.find("share of the bcrypt pool") != std::string::npos);
        }
        b.release();  // alpha alone again: it may fill the pool
        CPPUNIT_ASSERT_EQUAL(5, fifth.get());
    }

    void tokenCheckWindow() {
        using ta::credential::TokenTraffic;
        CPPUNIT_ASSERT(!TokenTraffic::seenWithin(TokenTraffic::kNever, 5, 1000));
        CPPUNIT_ASSERT(TokenTraffic::seenWithin(100, 1099, 1000));
        CPPUNIT_ASSERT(!TokenTraffic::seenWithin(100, 1100, 1000));
        TokenTraffic t;
        CPPUNIT_ASSERT(!t.within(1000));
        t.note();
        CPPUNIT_ASSERT(t.within(1000));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(HashPoolTest);
