// PostgreSQL goes away and comes back: the daemon answers 503 quickly meanwhile and
// recovers on its own. Destructive: run explicitly (`integration_tests DatabaseDownIT`).
#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

#include <cppunit/extensions/HelperMacros.h>

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;

class DatabaseDownIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(DatabaseDownIT);
    CPPUNIT_TEST(testOutageIs503AndRecovers);
    CPPUNIT_TEST_SUITE_END();

public:
    void tearDown() override {
        if (stopped) ItEnv::stack("stack_pg_resume");
    }

    void testOutageIs503AndRecovers() {
        auto u = ItEnv::registerUser();
        TA_ASSERT_STATUS(200, http.get("/api/users/me", ItEnv::auth(u.accessToken)));

        auto r = ItEnv::stack("stack_pg_stop");
        stopped = true;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);

        HttpResponse health = http.get("/api/health");
        TA_ASSERT_STATUS(503, health);
        TA_ASSERT("health answered in < 10 s, took " + std::to_string(health.seconds), health.seconds < 10);

        HttpResponse me = http.get("/api/users/me", ItEnv::auth(u.accessToken));
        TA_ASSERT_ERROR(503, "Service unavailable", me);
        TA_ASSERT("Retry-After on 503", !me.header("Retry-After").empty());
        TA_ASSERT("X-Request-Id on 503", !me.header("X-Request-Id").empty());
        TA_ASSERT("answered in < 10 s, took " + std::to_string(me.seconds), me.seconds < 10);

        HttpResponse login = ItEnv::login(u.email, u.password);
        TA_ASSERT_ERROR(503, "Service unavailable", login);
        TA_ASSERT("login answered in < 10 s, took " + std::to_string(login.seconds), login.seconds < 10);

        r = ItEnv::stack("stack_pg_resume");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        stopped = false;

        HttpResponse last;
        bool back = ItEnv::poll(10, [&] {
            last = http.get("/api/health");
            return last.status == 200;
        });
        TA_ASSERT("health 200 within 10 s of the database returning, last " + last.describe(), back);
        back = ItEnv::poll(10, [&] {
            last = http.get("/api/users/me", ItEnv::auth(u.accessToken));
            return last.status == 200;
        });
        TA_ASSERT("users/me 200 again without a daemon restart, last " + last.describe(), back);
        TA_ASSERT_STATUS(200, ItEnv::login(u.email, u.password));
    }

private:
    HttpClient http;
    bool stopped = false;
};

CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(DatabaseDownIT, "destructive");
