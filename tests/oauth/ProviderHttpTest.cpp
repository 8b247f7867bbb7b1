#include <cppunit/extensions/HelperMacros.h>

#include "oauth/ProviderHttp.h"

using ta::oauth::ProviderHttp;

class ProviderHttpTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ProviderHttpTest);
    CPPUNIT_TEST(formEncodingEscapesEverythingButUnreserved);
    CPPUNIT_TEST(onlyLoopbackHostsMayUsePlainHttp);
    CPPUNIT_TEST_SUITE_END();

public:
    void formEncodingEscapesEverythingButUnreserved() {
        CPPUNIT_ASSERT_EQUAL(
            std::string("a=1&redirect_uri=https%3A%2F%2Fx.example%2Fcb%3Fq%3D1%26r"
                        "&scope=read%3Auser%20user%3Aemail&v=-._~"),
            ProviderHttp::formEncode({{"a", "1"},
                                      {"redirect_uri", "https://x.example/cb?q=1&r"},
                                      {"scope", "read:user user:email"},
                                      {"v", "-._~"}}));
        CPPUNIT_ASSERT_EQUAL(std::string("k=%C3%A9%2B%00"),
                             ProviderHttp::formEncode({{"k", std::string("\xc3\xa9+\0", 4)}}));
    }

    void onlyLoopbackHostsMayUsePlainHttp() {
        for (const char* h : {"127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"})
            CPPUNIT_ASSERT_MESSAGE(h, ProviderHttp::loopbackHost(h));
        for (const char* h : {"github.com", "10.0.0.1", "127.0.0.1.example.com",
                              "localhost.example", "128.0.0.1", "", "::2"})
            CPPUNIT_ASSERT_MESSAGE(h, !ProviderHttp::loopbackHost(h));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ProviderHttpTest);
