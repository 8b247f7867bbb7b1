#include "mfa/Totp.h"

#include "TotpReference.h"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>

namespace {

using ta::mfa::Totp;
using ta::test::TotpReference;

const std::string kRfcSecret = "12345678901234567890";

// RFC 6238 Appendix B, SHA-1 column.
struct Vector {
  std::int64_t time;
  const char* code8;
};
const Vector kVectors[] = {
    {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
    {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000LL, "65353130"},
};

}  // namespace

class TotpTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(TotpTest);
  CPPUNIT_TEST(rfc6238VectorsViaLiboath);
  CPPUNIT_TEST(rfc6238VectorsViaReference);
  CPPUNIT_TEST(codeMatchesReferenceForRandomSecrets);
  CPPUNIT_TEST(verifyExactStep);
  CPPUNIT_TEST(verifyOneStepDriftReturnsMatchedStep);
  CPPUNIT_TEST(verifyTwoStepsRejected);
  CPPUNIT_TEST(verifyWindowZero);
  CPPUNIT_TEST(verifyRejectsMalformedCodes);
  CPPUNIT_TEST(verifyRejectsWrongSecret);
  CPPUNIT_TEST(newSecretIs160Bits);
  CPPUNIT_TEST(base32Vectors);
  CPPUNIT_TEST(otpauthUrlExact);
  CPPUNIT_TEST(otpauthUrlPercentEncodes);
  CPPUNIT_TEST_SUITE_END();

 public:
  void rfc6238VectorsViaLiboath() {
    for (const auto& v : kVectors) {
      CPPUNIT_ASSERT_EQUAL(std::string(v.code8).substr(2), Totp::code(kRfcSecret, v.time));
    }
  }

  void rfc6238VectorsViaReference() {
    for (const auto& v : kVectors) {
      CPPUNIT_ASSERT_EQUAL(std::string(v.code8), TotpReference::code(kRfcSecret, v.time, 8));
      CPPUNIT_ASSERT_EQUAL(std::string(v.code8).substr(2), TotpReference::code(kRfcSecret, v.time));
    }
  }

  void codeMatchesReferenceForRandomSecrets() {
    for (int i = 0; i < 50; ++i) {
      const std::string secret = Totp::newSecret();
      const std::int64_t t = 1700000000 + i * 7919;
      CPPUNIT_ASSERT_EQUAL(TotpReference::code(secret, t), Totp::code(secret, t));
    }
  }

  void verifyExactStep() {
    const std::int64_t t = 1111111111;
    const auto step = Totp::verify(kRfcSecret, Totp::code(kRfcSecret, t), t);
    CPPUNIT_ASSERT(step.has_value());
    CPPUNIT_ASSERT_EQUAL(t / 30, *step);
  }

  void verifyOneStepDriftReturnsMatchedStep() {
    const std::int64_t t = 1234567890;
    const std::string prev = TotpReference::code(kRfcSecret, t - 30);
    const std::string next = TotpReference::code(kRfcSecret, t + 30);
    const auto p = Totp::verify(kRfcSecret, prev, t);
    const auto n = Totp::verify(kRfcSecret, next, t);
    CPPUNIT_ASSERT(p.has_value());
    CPPUNIT_ASSERT(n.has_value());
    CPPUNIT_ASSERT_EQUAL(t / 30 - 1, *p);
    CPPUNIT_ASSERT_EQUAL(t / 30 + 1, *n);
  }

  void verifyTwoStepsRejected() {
    const std::int64_t t = 1234567890;
    const std::string before = TotpReference::code(kRfcSecret, t - 60);
    const std::string after = TotpReference::code(kRfcSecret, t + 60);
    // Guard against an accidental collision with a code inside the window.
    for (int d = -1; d <= 1; ++d) {
      CPPUNIT_ASSERT(before != TotpReference::code(kRfcSecret, t + 30 * d));
      CPPUNIT_ASSERT(after != TotpReference::code(kRfcSecret, t + 30 * d));
    }
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, before, t).has_value());
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, after, t).has_value());
    const auto wide = Totp::verify(kRfcSecret, after, t, 2);
    CPPUNIT_ASSERT(wide.has_value());
    CPPUNIT_ASSERT_EQUAL(t / 30 + 2, *wide);
  }

  void verifyWindowZero() {
    const std::int64_t t = 2000000000;
    CPPUNIT_ASSERT(Totp::verify(kRfcSecret, Totp::code(kRfcSecret, t), t, 0).has_value());
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, Totp::code(kRfcSecret, t + 30), t, 0).has_value());
  }

  void verifyRejectsMalformedCodes() {
    const std::int64_t t = 59;
    const std::string good = Totp::code(kRfcSecret, t);  // "287082"
    CPPUNIT_ASSERT(Totp::verify(kRfcSecret, good, t).has_value());
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, "", t).has_value());
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, good.substr(1), t).has_value());
    // The 7- and 8-digit forms of the same HOTP value are genuine liboath matches at that
    // length; they must still be refused.
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, TotpReference::code(kRfcSecret, t, 7), t).has_value());
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, "94287082", t).has_value());
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, "28708a", t).has_value());
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, " 287082", t).has_value());
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, "287082 ", t).has_value());
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, "-28708", t).has_value());
    CPPUNIT_ASSERT(!Totp::verify(kRfcSecret, std::string("28708\0", 6), t).has_value());
  }

  void verifyRejectsWrongSecret() {
    const std::int64_t t = 1111111109;
    const std::string other = "12345678901234567891";
    std::string code = Totp::code(kRfcSecret, t);
    bool collides = false;
    for (int d = -1; d <= 1; ++d) collides |= (Totp::code(other, t + 30 * d) == code);
    if (!collides) CPPUNIT_ASSERT(!Totp::verify(other, code, t).has_value());
  }

  void newSecretIs160Bits() {
    const std::string a = Totp::newSecret();
    CPPUNIT_ASSERT_EQUAL(std::size_t(20), a.size());
    CPPUNIT_ASSERT(a != Totp::newSecret());
    CPPUNIT_ASSERT_EQUAL(std::size_t(32), Totp::base32(a).size());
  }

  void base32Vectors() {
    // RFC 4648 section 10, padding removed.
    CPPUNIT_ASSERT_EQUAL(std::string(""), Totp::base32(""));
    CPPUNIT_ASSERT_EQUAL(std::string("MY"), Totp::base32("f"));
    CPPUNIT_ASSERT_EQUAL(std::string("MZXQ"), Totp::base32("fo"));
    CPPUNIT_ASSERT_EQUAL(std::string("MZXW6"), Totp::base32("foo"));
    CPPUNIT_ASSERT_EQUAL(std::string("MZXW6YQ"), Totp::base32("foob"));
    CPPUNIT_ASSERT_EQUAL(std::string("MZXW6YTB"), Totp::base32("fooba"));
    CPPUNIT_ASSERT_EQUAL(std::string("MZXW6YTBOI"), Totp::base32("foobar"));
    CPPUNIT_ASSERT_EQUAL(std::string("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), Totp::base32(kRfcSecret));
    CPPUNIT_ASSERT_EQUAL(std::string("AAAQEAYEAUDAOCAJ"),
                         Totp::base32(std::string("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09", 10)));
  }

  void otpauthUrlExact() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("otpauth://totp/Acme:alice?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Acme"),
        Totp::otpauthUrl("Acme", "alice", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
  }

  void otpauthUrlPercentEncodes() {
    CPPUNIT_ASSERT_EQUAL(
        std::string("otpauth://totp/Acme%20Corp%3A%26:alice%40example.com?secret=JBSWY3DPEHPK3PXP"
                    "&issuer=Acme%20Corp%3A%26"),
        Totp::otpauthUrl("Acme Corp:&", "alice@example.com", "JBSWY3DPEHPK3PXP"));
    CPPUNIT_ASSERT_EQUAL(std::string("otpauth://totp/a-b.c_d~e:%C3%A9%2B%2F?secret=X&issuer=a-b.c_d~e"),
                         Totp::otpauthUrl("a-b.c_d~e", "\xC3\xA9+/", "X"));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TotpTest);
