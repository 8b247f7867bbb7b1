#include <cppunit/extensions/HelperMacros.h>

#include "http/Router.h"

using Router = ta::http::Router<int>;

class RouterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RouterTest);
    CPPUNIT_TEST(literalRoute);
    CPPUNIT_TEST(patternCapturesParam);
    CPPUNIT_TEST(wrongMethodListsAllowed);
    CPPUNIT_TEST(unknownPath);
    CPPUNIT_TEST_SUITE_END();

    Router r;

public:
    void setUp() override {
        r.add("GET", "/api/users/me", 1);
        r.add("POST", "/api/auth/login", 2);
        r.add("GET", "/api/api-keys", 3);
        r.add("POST", "/api/api-keys", 4);
        r.add("DELETE", "/api/api-keys/{id}", 5);
    }

    void literalRoute() {
        auto m = r.match("GET", "/api/users/me");
        CPPUNIT_ASSERT(m.handler);
        CPPUNIT_ASSERT_EQUAL(1, *m.handler);
    }

    void patternCapturesParam() {
        auto m = r.match("DELETE", "/api/api-keys/key_abc");
        CPPUNIT_ASSERT(m.handler);
        CPPUNIT_ASSERT_EQUAL(5, *m.handler);
        CPPUNIT_ASSERT_EQUAL(std::string("id"), m.params.at(0).first);
        CPPUNIT_ASSERT_EQUAL(std::string("key_abc"), m.params.at(0).second);
    }

    void wrongMethodListsAllowed() {
        auto m = r.match("DELETE", "/api/api-keys");
        CPPUNIT_ASSERT(!m.handler);
        CPPUNIT_ASSERT(m.pathKnown);
        CPPUNIT_ASSERT_EQUAL(std::string("GET, POST"), m.allow);
        auto g = r.match("GET", "/api/auth/login");
        CPPUNIT_ASSERT(g.pathKnown);
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), g.allow);
    }

    void unknownPath() {
        auto m = r.match("GET", "/api/nope");
        CPPUNIT_ASSERT(!m.handler);
        CPPUNIT_ASSERT(!m.pathKnown);
        CPPUNIT_ASSERT(!r.match("GET", "/api/api-keys/a/b").pathKnown);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RouterTest);
