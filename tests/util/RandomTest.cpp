#include <cppunit/extensions/HelperMacros.h>

#include <set>

#include "util/Random.h"

using ta::util::Random;

class RandomTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RandomTest);
    CPPUNIT_TEST(bytesHasRequestedLength);
    CPPUNIT_TEST(bytesDiffer);
    CPPUNIT_TEST(hexIsLowerCaseAndDoubleLength);
    CPPUNIT_TEST(base64urlIsUnpaddedUrlSafe);
    CPPUNIT_TEST_SUITE_END();

public:
    void bytesHasRequestedLength() {
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), Random::bytes(0).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), Random::bytes(1).size());
        CPPUNIT_ASSERT_EQUAL(std::size_t(4096), Random::bytes(4096).size());
    }

    void bytesDiffer() {
        std::set<std::string> seen;
        for (int i = 0; i < 100; ++i) seen.insert(Random::bytes(16));
        CPPUNIT_ASSERT_EQUAL(std::size_t(100), seen.size());
    }

    void hexIsLowerCaseAndDoubleLength() {
        for (std::size_t n : {0, 1, 16, 32}) {
            const std::string h = Random::hex(n);
            CPPUNIT_ASSERT_EQUAL(2 * n, h.size());
            CPPUNIT_ASSERT_EQUAL(std::string::npos, h.find_first_not_of("0123456789abcdef"));
        }
    }

    void base64urlIsUnpaddedUrlSafe() {
        const std::string alphabet =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        // ceil(4n/3) characters without '=' padding.
        const std::size_t expect[] = {0, 2, 3, 4, 6, 7, 8};
        for (std::size_t n = 0; n <= 6; ++n) {
            const std::string s = Random::base64url(n);
            CPPUNIT_ASSERT_EQUAL(expect[n], s.size());
            CPPUNIT_ASSERT_EQUAL(std::string::npos, s.find_first_not_of(alphabet));
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(43), Random::base64url(32).size());
        // Over many samples every alphabet character, including '-' and '_', should show up.
        std::set<char> chars;
        for (int i = 0; i < 200; ++i) {
            for (char c : Random::base64url(48)) chars.insert(c);
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), chars.size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RandomTest);
