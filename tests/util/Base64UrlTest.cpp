#include <cppunit/extensions/HelperMacros.h>

#include "util/Base64Url.h"

using ta::util::Base64Url;

class Base64UrlTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(Base64UrlTest);
    CPPUNIT_TEST(rfc4648Vectors);
    CPPUNIT_TEST(urlAlphabet);
    CPPUNIT_TEST(decodeRefusals);
    CPPUNIT_TEST(trailingBitsIgnoredAsPocoDid);
    CPPUNIT_TEST(decodeIntoReusedBuffer);
    CPPUNIT_TEST(allBytesRoundTrip);
    CPPUNIT_TEST_SUITE_END();

public:
    void rfc4648Vectors() {
        const char* plain[] = {"", "f", "fo", "foo", "foob", "fooba", "foobar"};
        const char* url[] = {"", "Zg", "Zm8", "Zm9v", "Zm9vYg", "Zm9vYmE", "Zm9vYmFy"};
        const char* std[] = {"", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy"};
        for (int i = 0; i < 7; ++i) {
            CPPUNIT_ASSERT_EQUAL(std::string(url[i]), Base64Url::encode(plain[i]));
            CPPUNIT_ASSERT_EQUAL(std::string(std[i]), Base64Url::encodeStd(plain[i]));
            CPPUNIT_ASSERT_EQUAL(std::string(plain[i]), *Base64Url::decode(url[i]));
        }
    }

    void urlAlphabet() {
        CPPUNIT_ASSERT_EQUAL(std::string("-_-_"), Base64Url::encode("\xfb\xff\xbf"));
        CPPUNIT_ASSERT_EQUAL(std::string("+/+/"), Base64Url::encodeStd("\xfb\xff\xbf"));
        CPPUNIT_ASSERT_EQUAL(std::string("\xfb\xff\xbf"), *Base64Url::decode("-_-_"));
    }

    void decodeRefusals() {
        for (const char* s :
             {"A", "AAAAA", "Zg==", "Zm8=", "+/+/", "Zm 9v", "Zm9v\n", "Zm9v.", "=", "Zg=", "Z*9v"})
            CPPUNIT_ASSERT_MESSAGE(s, !Base64Url::decode(s));
        CPPUNIT_ASSERT(!Base64Url::decode(std::string("Zm\0v", 4)));
    }

    void trailingBitsIgnoredAsPocoDid() {
        CPPUNIT_ASSERT_EQUAL(std::string("A"), *Base64Url::decode("QQ"));
        CPPUNIT_ASSERT_EQUAL(std::string("A"), *Base64Url::decode("QR"));
        CPPUNIT_ASSERT_EQUAL(std::string("A\x11"), *Base64Url::decode("QRF"));
    }

    void decodeIntoReusedBuffer() {
        std::string out(100, 'x');
        CPPUNIT_ASSERT(Base64Url::decode("Zm9vYmFy", out));
        CPPUNIT_ASSERT_EQUAL(std::string("foobar"), out);
        CPPUNIT_ASSERT(Base64Url::decode("Zg", out));
        CPPUNIT_ASSERT_EQUAL(std::string("f"), out);
        CPPUNIT_ASSERT(Base64Url::decode("", out));
        CPPUNIT_ASSERT(out.empty());
        CPPUNIT_ASSERT(!Base64Url::decode("Zg=", out));
    }

    void allBytesRoundTrip() {
        std::string all;
        for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
        for (std::size_t n = 0; n <= all.size(); n += 37) {
            std::string part = all.substr(all.size() - n);
            CPPUNIT_ASSERT_EQUAL(part, *Base64Url::decode(Base64Url::encode(part)));
        }
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(Base64UrlTest);
