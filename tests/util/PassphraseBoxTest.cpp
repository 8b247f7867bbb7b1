#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

#include "util/PassphraseBox.h"

using ta::util::PassphraseBox;

class PassphraseBoxTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PassphraseBoxTest);
    CPPUNIT_TEST(roundTripWithFreshParams);
    CPPUNIT_TEST(wrongPassphraseFails);
    CPPUNIT_TEST(otherSaltOrCostFails);
    CPPUNIT_TEST(wrongAadFails);
    CPPUNIT_TEST(freshSaltsDiffer);
    CPPUNIT_TEST(paramsOutOfBoundsRefused);
    CPPUNIT_TEST_SUITE_END();

    // The smallest cost check() accepts, so the tests stay fast.
    static PassphraseBox::Params cheap(const std::string& salt = std::string(16, 's')) {
        PassphraseBox::Params p;
        p.n = 1u << 14;
        p.r = 8;
        p.p = 1;
        p.salt = salt;
        return p;
    }

public:
    void roundTripWithFreshParams() {
        auto params = PassphraseBox::freshParams();
        PassphraseBox box("correct horse battery staple", params);
        std::string secret("\x00\x01\xffkey bytes", 12);
        std::string sealed = box.seal(secret, "signing_key:abc");
        CPPUNIT_ASSERT(sealed.find("key bytes") == std::string::npos);
        // A second box from the same passphrase and parameters: what the importing host does.
        PassphraseBox again("correct horse battery staple", params);
        auto opened = again.open(sealed, "signing_key:abc");
        CPPUNIT_ASSERT(opened.has_value());
        CPPUNIT_ASSERT(*opened == secret);
    }

    void wrongPassphraseFails() {
        std::string sealed = PassphraseBox("passphrase one", cheap()).seal("secret", "x");
        CPPUNIT_ASSERT(!PassphraseBox("passphrase two", cheap()).open(sealed, "x"));
        CPPUNIT_ASSERT(!PassphraseBox("passphrase one ", cheap()).open(sealed, "x"));
        CPPUNIT_ASSERT(PassphraseBox("passphrase one", cheap()).open(sealed, "x"));
    }

    void otherSaltOrCostFails() {
        std::string sealed = PassphraseBox("passphrase", cheap()).seal("secret", "x");
        CPPUNIT_ASSERT(!PassphraseBox("passphrase", cheap(std::string(16, 't'))).open(sealed, "x"));
        auto dearer = cheap();
        dearer.n = 1u << 15;
        CPPUNIT_ASSERT(!PassphraseBox("passphrase", dearer).open(sealed, "x"));
    }

    void wrongAadFails() {
        PassphraseBox box("passphrase", cheap());
        std::string sealed = box.seal("secret", "signing_key:a");
        CPPUNIT_ASSERT(!box.open(sealed, "signing_key:b"));
    }

    void freshSaltsDiffer() {
        auto a = PassphraseBox::freshParams(), b = PassphraseBox::freshParams();
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), a.salt.size());
        CPPUNIT_ASSERT(a.salt != b.salt);
        PassphraseBox::check(a);
    }

    void paramsOutOfBoundsRefused() {
        auto bad = cheap();
        bad.n = (1u << 14) + 1;  // not a power of two
        CPPUNIT_ASSERT_THROW(PassphraseBox::check(bad), std::invalid_argument);
        bad = cheap();
        bad.n = 1ull << 21;
        CPPUNIT_ASSERT_THROW(PassphraseBox::check(bad), std::invalid_argument);
        bad = cheap();
        bad.n = 1ull << 20;
        bad.r = 8;  // 1 GiB
        CPPUNIT_ASSERT_THROW(PassphraseBox::check(bad), std::invalid_argument);
        bad = cheap();
        bad.p = 0;
        CPPUNIT_ASSERT_THROW(PassphraseBox::check(bad), std::invalid_argument);
        bad = cheap(std::string(8, 's'));
        CPPUNIT_ASSERT_THROW(PassphraseBox::check(bad), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(PassphraseBox("", cheap()), std::invalid_argument);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(PassphraseBoxTest);
