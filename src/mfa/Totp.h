#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace ta::mfa {

// RFC 6238 TOTP with the parameters every authenticator app assumes by default: HMAC-SHA-1,
// 6 digits, 30 s steps from the Unix epoch. Secrets are raw bytes here; base32 only at the edge.
struct Totp {
  static constexpr int kDigits = 6;
  static constexpr int kStepSeconds = 30;

  static std::string newSecret();
  static std::string base32(const std::string& raw);
  static std::string code(const std::string& raw, std::int64_t unixTime);
  // Returns the matched time step so the caller can reject replays (liboath keeps no state):
  // accept only when the step is greater than the last one accepted for the user.
  static std::optional<std::int64_t> verify(const std::string& raw, const std::string& code,
                                            std::int64_t unixTime, int window = 1);
  static std::string otpauthUrl(const std::string& issuer, const std::string& account,
                                const std::string& base32Secret);
};

}  // namespace ta::mfa
