#include <cppunit/extensions/HelperMacros.h>

#include <vector>

#include "util/JsonScan.h"

using ta::util::JsonScan;

class JsonScanTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(JsonScanTest);
    CPPUNIT_TEST(membersInOrderWithKinds);
    CPPUNIT_TEST(whitespaceAroundAndBetween);
    CPPUNIT_TEST(escapesDecoded);
    CPPUNIT_TEST(surrogatePairs);
    CPPUNIT_TEST(badEscapesRefused);
    CPPUNIT_TEST(nulAndControlCharactersRefused);
    CPPUNIT_TEST(utf8Checked);
    CPPUNIT_TEST(integersWithinInt64);
    CPPUNIT_TEST(numberGrammar);
    CPPUNIT_TEST(nestedValuesSkippedButChecked);
    CPPUNIT_TEST(deepNestingNeedsNoStack);
    CPPUNIT_TEST(duplicateKeysRefused);
    CPPUNIT_TEST(onlyOneObject);
    CPPUNIT_TEST(callbackCanRefuse);
    CPPUNIT_TEST(escapedKeysStayValid);
    CPPUNIT_TEST_SUITE_END();

    struct Member {
        std::string key;
        JsonScan::Kind kind;
        std::string string;
        std::int64_t integer;
    };
    JsonScan scan;
    std::vector<Member> members;

    bool ok(std::string_view json) {
        members.clear();
        return scan.object(json, [this](std::string_view k, const JsonScan::Value& v) {
            members.push_back({std::string(k), v.kind, std::string(v.string), v.integer});
            return true;
        });
    }
    // The decoded string of the only member of {"a":<value>}.
    std::string str(const std::string& value) {
        CPPUNIT_ASSERT_MESSAGE(value, ok("{\"a\":" + value + "}"));
        CPPUNIT_ASSERT(members.size() == 1 && members[0].kind == JsonScan::Kind::String);
        return members[0].string;
    }
    std::int64_t integer(const std::string& value) {
        CPPUNIT_ASSERT_MESSAGE(value, ok("{\"a\":" + value + "}"));
        CPPUNIT_ASSERT(members.size() == 1 && members[0].kind == JsonScan::Kind::Integer);
        return members[0].integer;
    }
    bool refused(const std::string& value) { return !ok("{\"a\":" + value + "}"); }

public:
    void membersInOrderWithKinds() {
        CPPUNIT_ASSERT(ok(R"({"s":"x","i":-12,"f":1.5,"t":true,"n":null,"o":{},"a":[]})"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(7), members.size());
        const char* keys[] = {"s", "i", "f", "t", "n", "o", "a"};
        for (std::size_t i = 0; i < 7; ++i)
            CPPUNIT_ASSERT_EQUAL(std::string(keys[i]), members[i].key);
        CPPUNIT_ASSERT(members[0].kind == JsonScan::Kind::String);
        CPPUNIT_ASSERT_EQUAL(std::string("x"), members[0].string);
        CPPUNIT_ASSERT(members[1].kind == JsonScan::Kind::Integer);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(-12), members[1].integer);
        for (std::size_t i = 2; i < 7; ++i)
            CPPUNIT_ASSERT(members[i].kind == JsonScan::Kind::Other);
        CPPUNIT_ASSERT(ok("{}"));
        CPPUNIT_ASSERT(members.empty());
    }

    void whitespaceAroundAndBetween() {
        CPPUNIT_ASSERT(ok(" \t\r\n{ \"a\" :\n1 ,\t\"b\" : [ 1 , { \"c\" : 2 } ] } \n"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), members.size());
        CPPUNIT_ASSERT(!ok("\f{}"));  // not JSON whitespace
        CPPUNIT_ASSERT(!ok("{}\v"));
    }

    void escapesDecoded() {
        CPPUNIT_ASSERT_EQUAL(std::string("\"\\/\b\f\n\r\t"), str(R"("\"\\\/\b\f\n\r\t")"));
        CPPUNIT_ASSERT_EQUAL(std::string("A\xc3\xa9\xe2\x82\xac"), str(R"("\u0041\u00E9\u20ac")"));
        CPPUNIT_ASSERT_EQUAL(std::string("x\x01y"), str(R"("x\u0001y")"));
        CPPUNIT_ASSERT_EQUAL(std::string("a/b"), str(R"("a/b")"));
        CPPUNIT_ASSERT_EQUAL(std::string("\x7f"), str("\"\x7f\""));  // DEL needs no escape
    }

    void surrogatePairs() {
        CPPUNIT_ASSERT_EQUAL(std::string("\xf0\x9f\x98\x80"), str(R"("\ud83d\ude00")"));
        CPPUNIT_ASSERT_EQUAL(std::string("\xf4\x8f\xbf\xbf"), str(R"("\uDBFF\uDFFF")"));
        CPPUNIT_ASSERT(refused(R"("\ud83d")"));  // high alone
        CPPUNIT_ASSERT(refused(R"("\ud83dx")"));
        CPPUNIT_ASSERT(refused(R"("\ud83d\u0041")"));  // not a low surrogate
        CPPUNIT_ASSERT(refused(R"("\ud83d\ud83d")"));
        CPPUNIT_ASSERT(refused(R"("\ude00")"));        // low alone
        CPPUNIT_ASSERT(refused(R"("\ude00\ud83d")"));  // in the wrong order
    }

    void badEscapesRefused() {
        for (const char* s : {R"("\x")", R"("\U0041")", R"("\u00")", R"("\u00g1")", R"("\")",
                              R"("\'")", R"("\0")", "\"\\", R"("\u12")"})
            CPPUNIT_ASSERT_MESSAGE(s, refused(s));
    }

    void nulAndControlCharactersRefused() {
        CPPUNIT_ASSERT(refused(R"("x\u0000y")"));
        CPPUNIT_ASSERT(!ok(std::string("{\"a\":\"x\0y\"}", 11)));
        for (char c : {'\x01', '\t', '\n', '\x1f'})
            CPPUNIT_ASSERT(refused(std::string("\"x") + c + "\""));
        CPPUNIT_ASSERT(!ok(R"({"k\u0000":1})"));  // in keys too
    }

    void utf8Checked() {
        CPPUNIT_ASSERT_EQUAL(std::string("\xc3\xa9\xf0\x9f\x98\x80"),
                             str("\"\xc3\xa9\xf0\x9f\x98\x80\""));
        for (const char* s :
             {"\"\xc3\"", "\"\xff\"", "\"\xc0\x80\"", "\"\xc1\xbf\"", "\"\xe0\x80\x80\"",
              "\"\xed\xa0\x80\"", "\"\xf0\x80\x80\x80\"", "\"\xf4\x90\x80\x80\"",
              "\"\xf5\x80\x80\x80\"", "\"\x80\"", "\"\xe2\x82\"", "\"\xe2\x82\\n\""})
            CPPUNIT_ASSERT_MESSAGE(s, refused(s));
        CPPUNIT_ASSERT(refused("\"\\n\xc3\""));  // checked after an escape too
    }

    void integersWithinInt64() {
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), integer("0"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(0), integer("-0"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1700000000), integer("1700000000"));
        CPPUNIT_ASSERT_EQUAL(INT64_MAX, integer("9223372036854775807"));
        CPPUNIT_ASSERT_EQUAL(INT64_MIN, integer("-9223372036854775808"));
        CPPUNIT_ASSERT(refused("9223372036854775808"));
        CPPUNIT_ASSERT(refused("-9223372036854775809"));
        CPPUNIT_ASSERT(refused("18446744073709551616"));  // Poco made this 0
        CPPUNIT_ASSERT(refused("99999999999999999999999999"));
    }

    void numberGrammar() {
        for (const char* s :
             {"1.5", "-0.0", "1e5", "1E+5", "2e-3", "0.1e1", "1e308", "1e-400", "0e99999",
              "1.7976931348623157e308", "123456789012345678901234567890.5"}) {
            CPPUNIT_ASSERT_MESSAGE(s, ok(std::string("{\"a\":") + s + "}"));
            CPPUNIT_ASSERT(members[0].kind == JsonScan::Kind::Other);
        }
        for (const char* s :
             {"01", "-", "1.", ".5", "+1", "0x10", "1e", "1e+", "NaN", "Infinity", "--1", "1.5.5",
              "00", "1e309", "-1e309", "91e30800", "1.7976931348623159e308"})
            CPPUNIT_ASSERT_MESSAGE(s, refused(s));
    }

    void nestedValuesSkippedButChecked() {
        CPPUNIT_ASSERT(
            ok(R"({"x":{"a":[1,{"b":null},[],{}],"c":"\u00e9"},"y":[[["z"]]],"sub":"u"})"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), members.size());
        CPPUNIT_ASSERT_EQUAL(std::string("sub"), members[2].key);
        CPPUNIT_ASSERT_EQUAL(std::string("u"), members[2].string);
        CPPUNIT_ASSERT(ok(R"({"x":{"a":1,"a":2}})"));  // duplicates are checked at the top only
        for (const char* s : {"[1,]", "{\"b\":1,}", "[1 2]", "{\"b\" 1}", "{1:2}", "[", "{", "[}",
                              "{]", "[\"\\x\"]", "[\"\\u0000\"]", "{\"b\":}", "[,]", "[1]]",
                              "{\"b\":tru}", "[01]", "[\"\xff\"]", "{\"\\q\":1}"})
            CPPUNIT_ASSERT_MESSAGE(s, refused(s));
    }

    void deepNestingNeedsNoStack() {
        std::string deep = std::string(100000, '[') + std::string(100000, ']');
        CPPUNIT_ASSERT(ok("{\"a\":" + deep + "}"));
        CPPUNIT_ASSERT(refused(std::string(100000, '[') + std::string(99999, ']')));
    }

    void duplicateKeysRefused() {
        CPPUNIT_ASSERT(!ok(R"({"a":1,"a":2})"));
        CPPUNIT_ASSERT(!ok(R"({"a":1,"b":2,"a":"x"})"));
        CPPUNIT_ASSERT(!ok(R"({"sub":"u1","s\u0075b":"u2"})"));  // the same key once decoded
        CPPUNIT_ASSERT(ok(R"({"a":1,"A":2,"a ":3})"));
    }

    void onlyOneObject() {
        for (const char* s :
             {"", " ", "[]", "\"x\"", "1", "null", "{}x", "{}{}", "{} {}", "{", "{\"a\":1",
              "{\"a\":1,}", "{,}", "{'a':1}", "{a:1}", "{\"a\"}", "{\"a\":1}/*c*/"})
            CPPUNIT_ASSERT_MESSAGE(s, !ok(s));
        CPPUNIT_ASSERT(!ok(std::string("{}\0", 3)));
    }

    void callbackCanRefuse() {
        int calls = 0;
        CPPUNIT_ASSERT(
            !scan.object(R"({"a":1,"b":2,"c":3})", [&](std::string_view k, const JsonScan::Value&) {
                ++calls;
                return k != "b";
            }));
        CPPUNIT_ASSERT_EQUAL(2, calls);
    }

    void escapedKeysStayValid() {
        // Decoded keys live in one buffer: earlier ones must stay readable for the
        // duplicate check while later ones are appended.
        std::string json = "{";
        for (int i = 0; i < 50; ++i)
            json += std::string(i ? "," : "") + "\"k\\u00e9" + std::to_string(i) +
                    "\":" + std::to_string(i);
        CPPUNIT_ASSERT(ok(json + "}"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(50), members.size());
        CPPUNIT_ASSERT_EQUAL(std::string("k\xc3\xa9"
                                         "49"),
                             members[49].key);
        CPPUNIT_ASSERT(!ok(json + ",\"k\\u00e917\":0}"));
        CPPUNIT_ASSERT(!ok(json + ",\"k\xc3\xa9"
                                  "17\":0}"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(JsonScanTest);
