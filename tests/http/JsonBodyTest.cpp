#include <cppunit/extensions/HelperMacros.h>

#include "http/ApiError.h"
#include "http/JsonBody.h"

using namespace ta::http;

class JsonBodyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(JsonBodyTest);
    CPPUNIT_TEST(readsFields);
    CPPUNIT_TEST(malformed);
    CPPUNIT_TEST(notAnObject);
    CPPUNIT_TEST(wrongTypeNamesField);
    CPPUNIT_TEST(missingNamesField);
    CPPUNIT_TEST(deepNestingRefusedNotCrashed);
    CPPUNIT_TEST_SUITE_END();

    static std::string messageOf(const std::string& body, const std::string& field = "email") {
        try {
            JsonBody b(body);
            b.requireString(field);
        } catch (const ApiError& e) {
            CPPUNIT_ASSERT(e.code() == ErrorCode::BadRequest);
            return e.what();
        }
        return "";
    }

public:
    void readsFields() {
        JsonBody b("{\"email\":\"a@b.c\",\"full_name\":null}");
        CPPUNIT_ASSERT_EQUAL(std::string("a@b.c"), b.requireString("email"));
        CPPUNIT_ASSERT(!b.optionalString("full_name"));
        CPPUNIT_ASSERT(!b.optionalString("absent"));
    }
    void malformed() {
        CPPUNIT_ASSERT_EQUAL(std::string("Malformed JSON body"), messageOf("{\"email\":"));
        CPPUNIT_ASSERT_EQUAL(std::string("Malformed JSON body"), messageOf(""));
    }
    void notAnObject() {
        CPPUNIT_ASSERT_EQUAL(std::string("Request body must be a JSON object"), messageOf("[1,2]"));
        CPPUNIT_ASSERT_EQUAL(std::string("Request body must be a JSON object"), messageOf("\"x\""));
        CPPUNIT_ASSERT_EQUAL(std::string("Request body must be a JSON object"), messageOf(" 42 "));
        CPPUNIT_ASSERT_EQUAL(std::string("Malformed JSON body"), messageOf("1,2"));
        CPPUNIT_ASSERT_EQUAL(std::string("Malformed JSON body"), messageOf("   "));
    }
    void wrongTypeNamesField() {
        CPPUNIT_ASSERT_EQUAL(std::string("email must be a string"), messageOf("{\"email\":5}"));
        CPPUNIT_ASSERT_EQUAL(std::string("email must be a string"), messageOf("{\"email\":[\"a\"]}"));
    }
    void missingNamesField() {
        CPPUNIT_ASSERT_EQUAL(std::string("password is required"), messageOf("{\"email\":\"a\"}", "password"));
    }
    void deepNestingRefusedNotCrashed() {
        CPPUNIT_ASSERT_EQUAL(std::string("Malformed JSON body"), messageOf(std::string(60000, '[')));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(JsonBodyTest);
