#include <cppunit/extensions/HelperMacros.h>

#include "token/Claims.h"

using ta::token::Claims;

class ClaimsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ClaimsTest);
    CPPUNIT_TEST(readsTheClaimsAccessTokensNeed);
    CPPUNIT_TEST(absentClaimsEmpty);
    CPPUNIT_TEST(expAndNbfMustBeIntegers);
    CPPUNIT_TEST(stringClaimsMustBeStrings);
    CPPUNIT_TEST(audPresenceWhateverItsValue);
    CPPUNIT_TEST(unknownClaimsOfAnyTypeSkipped);
    CPPUNIT_TEST(malformedRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void readsTheClaimsAccessTokensNeed() {
        auto c = Claims::parse(
            R"({"authority":"ADMIN","email":"\u00e9@x.test","exp":1700000900,"iat":1700000000,)"
            R"("id":"u1","plan_id":"p","sub":"u1","tid":"alpha","nbf":-5})");
        CPPUNIT_ASSERT(c);
        CPPUNIT_ASSERT_EQUAL(std::string("u1"), c->sub);
        CPPUNIT_ASSERT_EQUAL(std::string("\xc3\xa9@x.test"), c->email);
        CPPUNIT_ASSERT_EQUAL(std::string("p"), c->planId);
        CPPUNIT_ASSERT_EQUAL(std::string("ADMIN"), c->authority);
        CPPUNIT_ASSERT_EQUAL(std::string("alpha"), c->tid);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1700000900), *c->exp);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-5), *c->nbf);
        CPPUNIT_ASSERT(!c->aud);
    }

    void absentClaimsEmpty() {
        auto c = Claims::parse("{}");
        CPPUNIT_ASSERT(c);
        CPPUNIT_ASSERT(c->sub.empty() && c->email.empty() && c->tid.empty());
        CPPUNIT_ASSERT(!c->exp && !c->nbf && !c->aud);
    }

    void expAndNbfMustBeIntegers() {
        for (const char* v : {"\"1700000900\"", "1.7e9", "1700000900.0", "true", "null", "[1]",
                              "{}", "9223372036854775808", "-9223372036854775809"}) {
            CPPUNIT_ASSERT_MESSAGE(v, !Claims::parse(std::string("{\"exp\":") + v + "}"));
            CPPUNIT_ASSERT_MESSAGE(v, !Claims::parse(std::string("{\"nbf\":") + v + "}"));
        }
        CPPUNIT_ASSERT_EQUAL(INT64_MAX, *Claims::parse(R"({"exp":9223372036854775807})")->exp);
    }

    void stringClaimsMustBeStrings() {
        for (const char* k : {"sub", "email", "plan_id", "authority", "tid"})
            for (const char* v : {"1", "null", "true", "[\"u1\"]", "{}"})
                CPPUNIT_ASSERT_MESSAGE(std::string(k) + v,
                                       !Claims::parse(std::string("{\"") + k + "\":" + v + "}"));
    }

    void audPresenceWhateverItsValue() {
        for (const char* v : {"\"node-red\"", "[]", "null", "\"\"", "0"})
            CPPUNIT_ASSERT_MESSAGE(v, Claims::parse(std::string("{\"aud\":") + v + "}")->aud);
    }

    void unknownClaimsOfAnyTypeSkipped() {
        auto c = Claims::parse(
            R"({"x":{"a":[1,{"b":null}],"c":"d"},"f":1.5e3,"t":true,"big":-1e300,"iat":"now",)"
            R"("sub":"u1","arr":[[],[[]]]})");
        CPPUNIT_ASSERT(c);
        CPPUNIT_ASSERT_EQUAL(std::string("u1"), c->sub);
    }

    void malformedRefused() {
        for (const char* j : {"", "[]", "\"x\"", R"({"sub":"a","sub":"b"})", R"({"sub":"a"}x)",
                              R"({"sub":"a\u0000"})", R"({"sub":"\ud800"})",
                              R"({"x":18446744073709551616})", R"({"x":1e400})", R"({"sub":"a",})"})
            CPPUNIT_ASSERT_MESSAGE(j, !Claims::parse(j));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ClaimsTest);
