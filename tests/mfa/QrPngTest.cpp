#include "mfa/QrPng.h"

#include "mfa/Totp.h"

#include <cppunit/extensions/HelperMacros.h>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

using ta::mfa::QrPng;
using ta::mfa::Totp;

namespace {

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

// Decodes with an independent scanner (zbar) so the test proves the image is readable, not
// merely that libqrencode was called.
std::string scan(const std::string& png) {
  char tmpl[] = "/tmp/qrpng-test-XXXXXX";
  const int fd = ::mkstemp(tmpl);
  CPPUNIT_ASSERT(fd >= 0);
  ::close(fd);
  {
    std::ofstream out(tmpl, std::ios::binary | std::ios::trunc);
    out.write(png.data(), static_cast<std::streamsize>(png.size()));
  }
  const std::string cmd = std::string("zbarimg --raw -q '") + tmpl + "' 2>/dev/null";
  FILE* p = ::popen(cmd.c_str(), "r");
  CPPUNIT_ASSERT(p != nullptr);
  std::string text;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  const int status = ::pclose(p);
  ::unlink(tmpl);
  CPPUNIT_ASSERT_EQUAL_MESSAGE("zbarimg exit status", 0, status);
  if (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace

class QrPngTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(QrPngTest);
  CPPUNIT_TEST(isGrayscalePngWithQuietZone);
  CPPUNIT_TEST(otpauthUrlScansBack);
  CPPUNIT_TEST(longTextScansBack);
  CPPUNIT_TEST(tooLongTextThrows);
  CPPUNIT_TEST_SUITE_END();

 public:
  void isGrayscalePngWithQuietZone() {
    const std::string png = QrPng::encode("hello");
    CPPUNIT_ASSERT(png.size() > 33);
    CPPUNIT_ASSERT(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
    CPPUNIT_ASSERT(png.compare(12, 4, "IHDR") == 0);
    const std::uint32_t w = be32(png, 16);
    const std::uint32_t h = be32(png, 20);
    CPPUNIT_ASSERT_EQUAL(w, h);
    // "hello" at ECC M is a version 1 symbol: 21 modules + 2 * 4 quiet zone, 6 px each.
    CPPUNIT_ASSERT_EQUAL(std::uint32_t((21 + 8) * 6), w);
    CPPUNIT_ASSERT_EQUAL(8, static_cast<int>(png[24]));  // bit depth
    CPPUNIT_ASSERT_EQUAL(0, static_cast<int>(png[25]));  // colour type 0 = grayscale
  }

  void otpauthUrlScansBack() {
    const std::string url = Totp::otpauthUrl("Acme Corp", "alice@example.com",
                                             Totp::base32(Totp::newSecret()));
    CPPUNIT_ASSERT_EQUAL(url, scan(QrPng::encode(url)));
  }

  void longTextScansBack() {
    std::string text = "https://example.com/?q=";
    for (int i = 0; i < 40; ++i) text += "abcdefghij";
    CPPUNIT_ASSERT_EQUAL(text, scan(QrPng::encode(text)));
  }

  void tooLongTextThrows() {
    CPPUNIT_ASSERT_THROW(QrPng::encode(std::string(5000, 'x')), std::runtime_error);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(QrPngTest);
