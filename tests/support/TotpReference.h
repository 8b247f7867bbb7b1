#pragma once

// An RFC 6238 generator written straight from the RFC with Poco's HMAC, sharing no code with
// liboath or src/, so tests can check ta::mfa::Totp against a second implementation.

#include <Poco/HMACEngine.h>
#include <Poco/SHA1Engine.h>

#include <cstdint>
#include <string>

namespace ta::test {

struct TotpReference {
  static std::string code(const std::string& rawSecret, std::int64_t unixTime, int digits = 6,
                          int stepSeconds = 30) {
    return hotp(rawSecret, static_cast<std::uint64_t>(unixTime / stepSeconds), digits);
  }

  static std::string hotp(const std::string& rawSecret, std::uint64_t counter, int digits) {
    unsigned char msg[8];
    for (int i = 7; i >= 0; --i) {
      msg[i] = static_cast<unsigned char>(counter & 0xff);
      counter >>= 8;
    }
    Poco::HMACEngine<Poco::SHA1Engine> hmac(rawSecret);
    hmac.update(msg, sizeof msg);
    const Poco::DigestEngine::Digest& h = hmac.digest();
    // RFC 4226 section 5.3 dynamic truncation.
    const unsigned offset = h[h.size() - 1] & 0x0f;
    const std::uint32_t bin = (static_cast<std::uint32_t>(h[offset] & 0x7f) << 24) |
                              (static_cast<std::uint32_t>(h[offset + 1]) << 16) |
                              (static_cast<std::uint32_t>(h[offset + 2]) << 8) |
                              static_cast<std::uint32_t>(h[offset + 3]);
    std::uint32_t mod = 1;
    for (int i = 0; i < digits; ++i) mod *= 10;
    std::string out = std::to_string(bin % mod);
    return std::string(static_cast<std::size_t>(digits) - out.size(), '0') + out;
  }
};

}  // namespace ta::test
