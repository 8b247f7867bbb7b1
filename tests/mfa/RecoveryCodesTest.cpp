#include "mfa/RecoveryCodes.h"

#include <cppunit/extensions/HelperMacros.h>

#include <set>

using ta::mfa::RecoveryCodes;

class RecoveryCodesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RecoveryCodesTest);
  CPPUNIT_TEST(generatesTenUniqueWellFormedCodes);
  CPPUNIT_TEST(generateCount);
  CPPUNIT_TEST(normalize);
  CPPUNIT_TEST(hashIsStableHexSha256);
  CPPUNIT_TEST_SUITE_END();

 public:
  void generatesTenUniqueWellFormedCodes() {
    const auto codes = RecoveryCodes::generate();
    CPPUNIT_ASSERT_EQUAL(std::size_t(10), codes.size());
    std::set<std::string> unique(codes.begin(), codes.end());
    CPPUNIT_ASSERT_EQUAL(std::size_t(10), unique.size());
    const std::string alphabet = RecoveryCodes::kAlphabet;
    for (const auto& c : codes) {
      CPPUNIT_ASSERT_EQUAL(std::size_t(14), c.size());
      CPPUNIT_ASSERT_EQUAL('-', c[4]);
      CPPUNIT_ASSERT_EQUAL('-', c[9]);
      const std::string n = RecoveryCodes::normalize(c);
      CPPUNIT_ASSERT_EQUAL(std::size_t(12), n.size());
      CPPUNIT_ASSERT_EQUAL(std::string::npos, n.find_first_not_of(alphabet));
      CPPUNIT_ASSERT_EQUAL(std::string::npos, n.find_first_of("01ilo"));
    }
  }

  void generateCount() {
    CPPUNIT_ASSERT(RecoveryCodes::generate(0).empty());
    const auto many = RecoveryCodes::generate(500);
    CPPUNIT_ASSERT_EQUAL(std::size_t(500), std::set<std::string>(many.begin(), many.end()).size());
  }

  void normalize() {
    CPPUNIT_ASSERT_EQUAL(std::string("k7m2x9qp4tdw"), RecoveryCodes::normalize("k7m2-x9qp-4tdw"));
    CPPUNIT_ASSERT_EQUAL(std::string("k7m2x9qp4tdw"), RecoveryCodes::normalize(" K7M2 x9qp-4TDW "));
    CPPUNIT_ASSERT_EQUAL(std::string("k7m2x9qp4tdw"), RecoveryCodes::normalize("k7m2x9qp4tdw"));
    CPPUNIT_ASSERT_EQUAL(std::string(), RecoveryCodes::normalize("k7m2_x9qp-4tdw"));
    CPPUNIT_ASSERT_EQUAL(std::string(), RecoveryCodes::normalize("k7m2.x9qp"));
    CPPUNIT_ASSERT_EQUAL(std::string(), RecoveryCodes::normalize("k7m2\xc3\xa9"));
    CPPUNIT_ASSERT_EQUAL(std::string(), RecoveryCodes::normalize(""));
    CPPUNIT_ASSERT_EQUAL(std::string(), RecoveryCodes::normalize(" - "));
  }

  void hashIsStableHexSha256() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        RecoveryCodes::hash("abc"));
    const std::string n = RecoveryCodes::normalize("K7M2-X9QP-4TDW");
    CPPUNIT_ASSERT_EQUAL(RecoveryCodes::hash(n), RecoveryCodes::hash("k7m2x9qp4tdw"));
    CPPUNIT_ASSERT(RecoveryCodes::hash(n) != RecoveryCodes::hash("k7m2x9qp4tdx"));
    CPPUNIT_ASSERT_EQUAL(std::size_t(64), RecoveryCodes::hash(n).size());
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RecoveryCodesTest);
