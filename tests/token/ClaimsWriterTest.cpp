#include <Poco/JSON/Object.h>
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

#include "token/Claims.h"
#include "token/ClaimsWriter.h"

using ta::token::ClaimsWriter;

class ClaimsWriterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ClaimsWriterTest);
    CPPUNIT_TEST(membersInOrder);
    CPPUNIT_TEST(sameBytesAsPocoStringify);
    CPPUNIT_TEST(readsBackThroughClaims);
    CPPUNIT_TEST_SUITE_END();

    static const std::string tricky;

public:
    void membersInOrder() {
        CPPUNIT_ASSERT_EQUAL(std::string("{}"), ClaimsWriter().json());
        CPPUNIT_ASSERT_EQUAL(
            std::string(R"({"b":"x","a":-9223372036854775808,"c":0})"),
            ClaimsWriter().add("b", "x").add("a", INT64_MIN).add("c", std::int64_t(0)).json());
    }

    // Tokens signed before and after the move away from Poco carry the same bytes.
    void sameBytesAsPocoStringify() {
        Poco::JSON::Object poco;
        poco.set("aud", std::string("node-red"));
        poco.set("email", tricky);
        poco.set("exp", Poco::Int64(1700000900));
        poco.set("k\"ey\x01", std::string(""));
        std::ostringstream out;
        poco.stringify(out);
        std::string ours = ClaimsWriter()
                               .add("aud", "node-red")
                               .add("email", tricky)
                               .add("exp", std::int64_t(1700000900))
                               .add("k\"ey\x01", "")
                               .json();
        CPPUNIT_ASSERT_EQUAL(out.str(), ours);
    }

    void readsBackThroughClaims() {
        auto c =
            ta::token::Claims::parse(ClaimsWriter().add("email", tricky).add("sub", "u").json());
        CPPUNIT_ASSERT(c);
        CPPUNIT_ASSERT_EQUAL(tricky, c->email);
    }
};
const std::string ClaimsWriterTest::tricky =
    "a/b\"c\\d\xc3\xa9\x01\x1f\x7f<>&\t\n\r\b\f\xf0\x9f\x98\x80 </script>";
CPPUNIT_TEST_SUITE_REGISTRATION(ClaimsWriterTest);
