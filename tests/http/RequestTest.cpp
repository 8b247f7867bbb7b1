#include <cppunit/extensions/HelperMacros.h>

#include "http/Request.h"

using ta::http::Request;

class RequestTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RequestTest);
    CPPUNIT_TEST(hostIsLowerCasedWithoutPort);
    CPPUNIT_TEST(queryParamsAreDecoded);
    CPPUNIT_TEST(jsonContentTypeWithParameters);
    CPPUNIT_TEST_SUITE_END();

public:
    void hostIsLowerCasedWithoutPort() {
        CPPUNIT_ASSERT_EQUAL(std::string("alpha.test"), Request::normalizeHost("Alpha.TEST:8080"));
        CPPUNIT_ASSERT_EQUAL(std::string("alpha.test"), Request::normalizeHost("alpha.test."));
        CPPUNIT_ASSERT_EQUAL(std::string("::1"), Request::normalizeHost("[::1]:8080"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), Request::normalizeHost(""));
    }

    void queryParamsAreDecoded() {
        Request r;
        r.query = "a=1&code=x%2By+z&empty=&flag";
        CPPUNIT_ASSERT_EQUAL(std::string("x+y z"), r.queryParam("code"));
        CPPUNIT_ASSERT_EQUAL(std::string("1"), r.queryParam("a"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), r.queryParam("empty"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), r.queryParam("missing"));
        CPPUNIT_ASSERT_EQUAL(std::string("%zz"), Request::percentDecode("%zz"));
        CPPUNIT_ASSERT_EQUAL(std::string("%"), Request::percentDecode("%"));
    }

    void jsonContentTypeWithParameters() {
        Request r;
        r.contentType = "application/json; charset=utf-8";
        CPPUNIT_ASSERT(r.isJson());
        r.contentType = "Application/JSON";
        CPPUNIT_ASSERT(r.isJson());
        r.contentType = "text/plain";
        CPPUNIT_ASSERT(!r.isJson());
        r.contentType = "application/jsonp";
        CPPUNIT_ASSERT(!r.isJson());
        r.contentType = "";
        CPPUNIT_ASSERT(!r.isJson());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(RequestTest);
