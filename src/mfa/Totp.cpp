#include "mfa/Totp.h"

#include "util/Random.h"

#include <liboath/oath.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace ta::mfa {

namespace {

// liboath requires oath_init before any other call; a function-local static makes the first
// use initialise it exactly once even when several request threads race to it.
void ensureOathInit() {
  static const int rc = oath_init();
  if (rc != OATH_OK) {
    throw std::runtime_error(std::string("oath_init failed: ") + oath_strerror(rc));
  }
}

bool isSixDigits(const std::string& s) {
  if (s.size() != static_cast<std::size_t>(Totp::kDigits)) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string percentEncode(const std::string& s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0x0f]);
    }
  }
  return out;
}

}  // namespace

std::string Totp::newSecret() {
  // 160 bits: the HMAC-SHA-1 output size, as RFC 4226 recommends.
  return util::Random::bytes(20);
}

std::string Totp::base32(const std::string& raw) {
  ensureOathInit();
  char* out = nullptr;
  std::size_t outLen = 0;
  const int rc = oath_base32_encode(raw.data(), raw.size(), &out, &outLen);
  std::unique_ptr<char, decltype(&std::free)> guard(out, &std::free);
  if (rc != OATH_OK) {
    throw std::runtime_error(std::string("oath_base32_encode failed: ") + oath_strerror(rc));
  }
  std::string s(out, outLen);
  // Authenticator apps and otpauth URLs expect the unpadded form.
  const auto end = s.find_last_not_of('=');
  s.erase(end == std::string::npos ? 0 : end + 1);
  return s;
}

std::string Totp::code(const std::string& raw, std::int64_t unixTime) {
  if (unixTime < 0) throw std::invalid_argument("TOTP time must not be negative");
  ensureOathInit();
  char otp[kDigits + 1] = {};
  const int rc = oath_totp_generate(raw.data(), raw.size(), static_cast<time_t>(unixTime),
                                    kStepSeconds, 0, kDigits, otp);
  if (rc != OATH_OK) {
    throw std::runtime_error(std::string("oath_totp_generate failed: ") + oath_strerror(rc));
  }
  return std::string(otp, kDigits);
}

std::optional<std::int64_t> Totp::verify(const std::string& raw, const std::string& code,
                                         std::int64_t unixTime, int window) {
  // liboath derives the digit count from strlen(otp), so it would happily validate a 7- or
  // 8-digit code; the length check must happen here.
  if (!isSixDigits(code) || unixTime < 0 || window < 0) return std::nullopt;
  ensureOathInit();
  int pos = 0;
  const int rc = oath_totp_validate3(raw.data(), raw.size(), static_cast<time_t>(unixTime),
                                     kStepSeconds, 0, static_cast<std::size_t>(window), &pos,
                                     nullptr, code.c_str());
  if (rc < 0) return std::nullopt;
  // pos is the signed offset from the current step (-1 = previous step, +1 = next).
  return unixTime / kStepSeconds + pos;
}

std::string Totp::otpauthUrl(const std::string& issuer, const std::string& account,
                             const std::string& base32Secret) {
  const std::string is = percentEncode(issuer);
  // The issuer appears both as label prefix and parameter: older apps read only the label,
  // newer ones prefer the parameter.
  return "otpauth://totp/" + is + ":" + percentEncode(account) +
         "?secret=" + percentEncode(base32Secret) + "&issuer=" + is;
}

}  // namespace ta::mfa
