#include <cppunit/extensions/HelperMacros.h>

#include <cmath>
#include <set>

#include "mfa/RecoveryCodes.h"
#include "util/Digest.h"

using ta::mfa::RecoveryCodes;

class RecoveryCodesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RecoveryCodesTest);
    CPPUNIT_TEST(generatesTenUniqueWellFormedCodes);
    CPPUNIT_TEST(codesCarryAtLeast80Bits);
    CPPUNIT_TEST(generateCount);
    CPPUNIT_TEST(normalize);
    CPPUNIT_TEST(storedIsSaltedNotSha256);
    CPPUNIT_TEST(matchesOnlyItsCode);
    CPPUNIT_TEST(legacySha256StillMatches);
    CPPUNIT_TEST_SUITE_END();

public:
    void generatesTenUniqueWellFormedCodes() {
        const auto codes = RecoveryCodes::generate();
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), codes.size());
        std::set<std::string> unique(codes.begin(), codes.end());
        CPPUNIT_ASSERT_EQUAL(std::size_t(10), unique.size());
        const std::string alphabet = RecoveryCodes::kAlphabet;
        for (const auto& c : codes) {
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c, std::size_t(20), c.size());
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c, '-', c[6]);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(c, '-', c[13]);
            const std::string n = RecoveryCodes::normalize(c);
            CPPUNIT_ASSERT_EQUAL(std::size_t(18), n.size());
            CPPUNIT_ASSERT_EQUAL(std::string::npos, n.find_first_not_of(alphabet));
            CPPUNIT_ASSERT_EQUAL(std::string::npos, n.find_first_of("01ilo"));
        }
    }

    // The format's strength: characters per code times bits per character, measured on
    // generated codes (security review, issue 10: 12 characters were 59 bits).
    void codesCarryAtLeast80Bits() {
        const double perChar = std::log2(std::string(RecoveryCodes::kAlphabet).size());
        for (const auto& c : RecoveryCodes::generate(50)) {
            double bits = RecoveryCodes::normalize(c).size() * perChar;
            CPPUNIT_ASSERT_MESSAGE(c + ": " + std::to_string(bits) + " bits", bits >= 80.0);
        }
    }

    void generateCount() {
        CPPUNIT_ASSERT(RecoveryCodes::generate(0).empty());
        const auto many = RecoveryCodes::generate(500);
        CPPUNIT_ASSERT_EQUAL(std::size_t(500),
                             std::set<std::string>(many.begin(), many.end()).size());
    }

    void normalize() {
        CPPUNIT_ASSERT_EQUAL(std::string("k7m2x9qp4tdw"),
                             RecoveryCodes::normalize("k7m2-x9qp-4tdw"));
        CPPUNIT_ASSERT_EQUAL(std::string("k7m2x9qp4tdw"),
                             RecoveryCodes::normalize(" K7M2 x9qp-4TDW "));
        CPPUNIT_ASSERT_EQUAL(std::string("k7m2x9qp4tdw"), RecoveryCodes::normalize("k7m2x9qp4tdw"));
        CPPUNIT_ASSERT_EQUAL(std::string(), RecoveryCodes::normalize("k7m2_x9qp-4tdw"));
        CPPUNIT_ASSERT_EQUAL(std::string(), RecoveryCodes::normalize("k7m2.x9qp"));
        CPPUNIT_ASSERT_EQUAL(std::string(), RecoveryCodes::normalize("k7m2\xc3\xa9"));
        CPPUNIT_ASSERT_EQUAL(std::string(), RecoveryCodes::normalize(""));
        CPPUNIT_ASSERT_EQUAL(std::string(), RecoveryCodes::normalize(" - "));
    }

    void storedIsSaltedNotSha256() {
        const std::string n = RecoveryCodes::normalize("k7m2x9-qp4tdw-abc234");
        const std::string a = RecoveryCodes::stored(n);
        const std::string b = RecoveryCodes::stored(n);
        const std::string sha = ta::util::Digest::sha256Hex(n);
        CPPUNIT_ASSERT_MESSAGE(a, a.find(sha) == std::string::npos);
        CPPUNIT_ASSERT_MESSAGE("a fresh salt each time: " + a + " " + b, a != b);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(a, std::string("s1$"), a.substr(0, 3));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(a, std::size_t(3 + 32 + 1 + 64), a.size());
    }

    void matchesOnlyItsCode() {
        const std::string n = RecoveryCodes::normalize("k7m2x9-qp4tdw-abc234");
        const std::string s = RecoveryCodes::stored(n);
        CPPUNIT_ASSERT(RecoveryCodes::matches(n, s));
        CPPUNIT_ASSERT(!RecoveryCodes::matches("k7m2x9qp4tdwabc235", s));
        CPPUNIT_ASSERT(!RecoveryCodes::matches("", s));
        CPPUNIT_ASSERT(!RecoveryCodes::matches(n, "s1$zz$" + s.substr(36)));
        CPPUNIT_ASSERT(!RecoveryCodes::matches(n, "s1$"));
        CPPUNIT_ASSERT(!RecoveryCodes::matches(n, ""));
    }

    // Codes stored before salting (unsalted SHA-256 hex) keep working until used.
    void legacySha256StillMatches() {
        const std::string old = "k7m2x9qp4tdw";
        CPPUNIT_ASSERT_EQUAL(
            std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            RecoveryCodes::legacyHash("abc"));
        CPPUNIT_ASSERT(RecoveryCodes::matches(old, RecoveryCodes::legacyHash(old)));
        CPPUNIT_ASSERT(!RecoveryCodes::matches("k7m2x9qp4tdx", RecoveryCodes::legacyHash(old)));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RecoveryCodesTest);
