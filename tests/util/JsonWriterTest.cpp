#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <cppunit/extensions/HelperMacros.h>

#include <random>
#include <sstream>

#include "util/JsonWriter.h"

using namespace std::string_literals;
using ta::util::JsonWriter;

// The writer's output against Poco 1.11's Object::stringify, which built these answers
// before: the contract is byte-for-byte.
class JsonWriterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(JsonWriterTest);
    CPPUNIT_TEST(everyByteEscapedAsPocoDoes);
    CPPUNIT_TEST(everyByteInAKeyEscapedAsPocoDoes);
    CPPUNIT_TEST(everyByteAtEveryPositionOfAWord);
    CPPUNIT_TEST(randomStringsAsPoco);
    CPPUNIT_TEST(trickyStringsAsPoco);
    CPPUNIT_TEST(scalarsAsPoco);
    CPPUNIT_TEST(nestingAndKeyOrder);
    CPPUNIT_TEST(arraysAsPoco);
    CPPUNIT_TEST(escapeAppends);
    CPPUNIT_TEST_SUITE_END();

    static std::string poco(const Poco::JSON::Object& o) {
        std::ostringstream out;
        o.stringify(out);
        return out.str();
    }

    static std::string pocoString(const std::string& value) {
        Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
        o.set("k", value);
        return poco(o);
    }

    static std::string ours(const std::string& value) {
        JsonWriter w;
        w.beginObject().key("k").string(value).endObject();
        return w.take();
    }

    static std::vector<std::string> tricky() {
        return {
            "",
            "plain",
            "quote \" backslash \\ slash / end",
            "\\\"\\\\\"",
            "</script><script>alert(1)</script>",
            "new\nline\r\ttab\bback\fform\vvert\aalarm",
            "nul\0inside"s,
            "\0"s,
            "\x01\x02\x1f\x7f",
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",  // é € 😀
            "\xe2\x80\xa8\xe2\x80\xa9",                   // U+2028 U+2029
            "\xff\xfe invalid \xc3 truncated \x80 lone continuation",
            "\xed\xa0\x80 surrogate half",
            "'single' `back` {braces} [brackets] :colon, comma",
            std::string(300, '"'),
            std::string(1000, 'x') + "\n",
        };
    }

public:
    void everyByteEscapedAsPocoDoes() {
        for (int b = 0; b < 256; ++b) {
            std::string s = "a" + std::string(1, static_cast<char>(b)) + "b";
            CPPUNIT_ASSERT_EQUAL_MESSAGE("byte " + std::to_string(b), pocoString(s), ours(s));
            std::string alone(1, static_cast<char>(b));
            CPPUNIT_ASSERT_EQUAL_MESSAGE("byte alone " + std::to_string(b), pocoString(alone),
                                         ours(alone));
        }
    }

    void everyByteInAKeyEscapedAsPocoDoes() {
        for (int b = 0; b < 256; ++b) {
            std::string k = "k" + std::string(1, static_cast<char>(b));
            Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
            o.set(k, 1);
            JsonWriter w;
            w.beginObject().key(k).integer(1).endObject();
            CPPUNIT_ASSERT_EQUAL_MESSAGE("key byte " + std::to_string(b), poco(o), w.str());
        }
    }

    // escape() skips 8 bytes at a time when none needs escaping: each byte value at each
    // place of (and across) those words, next to the bytes nearest to a borrow.
    void everyByteAtEveryPositionOfAWord() {
        for (char fill : {'x', '\x7f', '\x80', '\xff', '\x21', '\x1f'})
            for (int b = 0; b < 256; ++b)
                for (std::size_t at = 0; at < 20; ++at) {
                    std::string s(20, fill);
                    s[at] = static_cast<char>(b);
                    CPPUNIT_ASSERT_EQUAL_MESSAGE(
                        "byte " + std::to_string(b) + " at " + std::to_string(at), pocoString(s),
                        ours(s));
                }
    }

    void randomStringsAsPoco() {
        const std::string alphabet = "ab/\"\\\x00\x01\x1f\x20\x21\x7f\x80\xc3\xa9\xff\n\t"s;
        std::mt19937 random(11);
        for (int i = 0; i < 20000; ++i) {
            std::string s(random() % 41, ' ');
            for (char& c : s) c = alphabet[random() % alphabet.size()];
            CPPUNIT_ASSERT_EQUAL(pocoString(s), ours(s));
        }
    }

    void trickyStringsAsPoco() {
        for (const auto& s : tricky()) CPPUNIT_ASSERT_EQUAL(pocoString(s), ours(s));
        // Known values, so a change on both sides would still be seen.
        CPPUNIT_ASSERT_EQUAL(std::string("{\"k\":\"a/b\\\"c\\\\d\\n\\u000B\\u0000\\u001F\x7f\"}"),
                             ours("a/b\"c\\d\n\v\0\x1f\x7f"s));
        CPPUNIT_ASSERT_EQUAL(std::string("{\"k\":\"caf\xc3\xa9\"}"), ours("caf\xc3\xa9"));
    }

    void scalarsAsPoco() {
        Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
        o.set("t", true);
        o.set("f", false);
        o.set("n", Poco::Dynamic::Var());
        o.set("zero", 0);
        o.set("neg", static_cast<Poco::Int64>(-9223372036854775807LL - 1));
        o.set("big", static_cast<Poco::Int64>(9223372036854775807LL));
        o.set("e", std::string());
        JsonWriter w;
        w.beginObject();
        w.key("t").boolean(true).key("f").boolean(false).key("n").null();
        w.key("zero").integer(0);
        w.key("neg").integer(-9223372036854775807LL - 1);
        w.key("big").integer(9223372036854775807LL);
        w.key("e").string("");
        w.endObject();
        CPPUNIT_ASSERT_EQUAL(poco(o), w.str());
    }

    void nestingAndKeyOrder() {
        Poco::JSON::Object::Ptr inner = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        inner->set("z", std::string("last first"));
        inner->set("a", Poco::Dynamic::Var());
        Poco::JSON::Object::Ptr empty = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        Poco::JSON::Object outer(Poco::JSON_PRESERVE_KEY_ORDER);
        outer.set("user", inner);
        outer.set("empty", empty);
        outer.set("b", std::string("x"));
        JsonWriter w;
        w.beginObject().key("user").beginObject();
        w.key("z").string("last first").key("a").stringOrNull(std::nullopt);
        w.endObject().key("empty").beginObject().endObject().key("b").string("x").endObject();
        CPPUNIT_ASSERT_EQUAL(poco(outer), w.str());
        CPPUNIT_ASSERT_EQUAL(
            std::string("{\"user\":{\"z\":\"last first\",\"a\":null},\"empty\":{},\"b\":\"x\"}"),
            w.str());
    }

    void arraysAsPoco() {
        Poco::JSON::Array::Ptr a = new Poco::JSON::Array;
        a->add(std::string("s/\""));
        a->add(1);
        a->add(true);
        a->add(Poco::Dynamic::Var());
        Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("k", 2);
        a->add(o);
        Poco::JSON::Array::Ptr none = new Poco::JSON::Array;
        Poco::JSON::Object outer(Poco::JSON_PRESERVE_KEY_ORDER);
        outer.set("a", a);
        outer.set("none", none);
        JsonWriter w;
        w.beginObject().key("a").beginArray();
        w.string("s/\"").integer(1).boolean(true).null();
        w.beginObject().key("k").integer(2).endObject();
        w.endArray().key("none").beginArray().endArray().endObject();
        CPPUNIT_ASSERT_EQUAL(poco(outer), w.str());
    }

    void escapeAppends() {
        std::string out = "x";
        JsonWriter::escape(out, "\"\x01/");
        CPPUNIT_ASSERT_EQUAL(std::string("x\\\"\\u0001/"), out);
        out.clear();
        JsonWriter::escape(out, "");
        CPPUNIT_ASSERT(out.empty());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(JsonWriterTest);
