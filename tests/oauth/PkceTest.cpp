#include <cppunit/extensions/HelperMacros.h>

#include <cctype>
#include <set>

#include "oauth/Pkce.h"

using ta::oauth::Pkce;

class PkceTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PkceTest);
    CPPUNIT_TEST(challengeMatchesRfc7636AppendixB);
    CPPUNIT_TEST(verifierIsRfc7636Shaped);
    CPPUNIT_TEST(verifierDependsOnSecretAndState);
    CPPUNIT_TEST_SUITE_END();

public:
    void challengeMatchesRfc7636AppendixB() {
        CPPUNIT_ASSERT_EQUAL(std::string("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
                             Pkce::challengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
    }

    void verifierIsRfc7636Shaped() {
        std::string v = Pkce::verifier("browser-secret", "state");
        CPPUNIT_ASSERT(v.size() >= 43 && v.size() <= 128);
        for (char c : v)
            CPPUNIT_ASSERT_MESSAGE(v, std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                                          c == '_' || c == '.' || c == '~');
        CPPUNIT_ASSERT_EQUAL(v, Pkce::verifier("browser-secret", "state"));
    }

    void verifierDependsOnSecretAndState() {
        std::set<std::string> seen{Pkce::verifier("a", "s"), Pkce::verifier("b", "s"),
                                   Pkce::verifier("a", "t"), Pkce::verifier("", "as")};
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), seen.size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PkceTest);
