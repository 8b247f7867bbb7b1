// GET /api/health answers for any host, tenant or not.
#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

#include <cppunit/extensions/HelperMacros.h>

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;

class HealthIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HealthIT);
    CPPUNIT_TEST(testHealthIsOkForAnyHost);
    CPPUNIT_TEST_SUITE_END();

public:
    void testHealthIsOkForAnyHost() {
        for (const char* host : {"alpha.test", "beta.test", "pinned.test", "nobody.test", "localhost", "127.0.0.1"}) {
            HttpResponse r = http.get("/api/health", {}, host);
            TA_ASSERT_STATUS(200, r);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(host) + ": " + r.body, std::string("ok"), r.jsonString("status"));
            TA_ASSERT("Content-Type " + r.header("Content-Type"),
                      r.header("Content-Type").rfind("application/json", 0) == 0);
        }
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_REGISTRATION(HealthIT);
