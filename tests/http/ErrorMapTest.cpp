#include <cppunit/extensions/HelperMacros.h>

#include "http/ErrorMap.h"

using namespace ta::http;

class ErrorMapTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ErrorMapTest);
    CPPUNIT_TEST(statuses);
    CPPUNIT_TEST(bodyStylePerRouteFamily);
    CPPUNIT_TEST(unavailableCarriesRetryAfter);
    CPPUNIT_TEST_SUITE_END();

    static std::string header(const Response& r, const std::string& name) {
        for (const auto& [k, v] : r.headers)
            if (k == name) return v;
        return {};
    }

public:
    void statuses() {
        CPPUNIT_ASSERT_EQUAL(400, ErrorMap::status(ErrorCode::BadRequest));
        CPPUNIT_ASSERT_EQUAL(401, ErrorMap::status(ErrorCode::Unauthorized));
        CPPUNIT_ASSERT_EQUAL(403, ErrorMap::status(ErrorCode::Forbidden));
        CPPUNIT_ASSERT_EQUAL(403, ErrorMap::status(ErrorCode::CrossSite));
        CPPUNIT_ASSERT_EQUAL(404, ErrorMap::status(ErrorCode::NotFound));
        CPPUNIT_ASSERT_EQUAL(405, ErrorMap::status(ErrorCode::MethodNotAllowed));
        CPPUNIT_ASSERT_EQUAL(409, ErrorMap::status(ErrorCode::Conflict));
        CPPUNIT_ASSERT_EQUAL(413, ErrorMap::status(ErrorCode::PayloadTooLarge));
        CPPUNIT_ASSERT_EQUAL(415, ErrorMap::status(ErrorCode::UnsupportedMediaType));
        CPPUNIT_ASSERT_EQUAL(429, ErrorMap::status(ErrorCode::TooManyRequests));
        CPPUNIT_ASSERT_EQUAL(503, ErrorMap::status(ErrorCode::ServiceUnavailable));
    }

    void bodyStylePerRouteFamily() {
        Response v1 =
            ErrorMap::toResponse(ApiError(ErrorCode::Unauthorized, "Unauthorized: Invalid token"),
                                 "/api/v1/users/whoami");
        CPPUNIT_ASSERT_EQUAL(std::string("{\"message\":\"Unauthorized: Invalid token\"}"), v1.body);
        Response os = ErrorMap::toResponse(
            ApiError(ErrorCode::Conflict, "Email already registered"), "/api/auth/register");
        CPPUNIT_ASSERT_EQUAL(409, os.status);
        CPPUNIT_ASSERT_EQUAL(std::string("{\"error\":\"Email already registered\"}"), os.body);
        CPPUNIT_ASSERT_EQUAL(std::string("application/json"), os.contentType);
    }

    void unavailableCarriesRetryAfter() {
        Response r = ErrorMap::toResponse(
            ApiError(ErrorCode::ServiceUnavailable, "Service unavailable"), "/api/x");
        CPPUNIT_ASSERT_EQUAL(503, r.status);
        CPPUNIT_ASSERT(!header(r, "Retry-After").empty());
        Response ok = ErrorMap::toResponse(ApiError(ErrorCode::BadRequest, "x"), "/api/x");
        CPPUNIT_ASSERT(header(ok, "Retry-After").empty());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ErrorMapTest);
