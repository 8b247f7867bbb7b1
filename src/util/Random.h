#pragma once

#include <cstddef>
#include <string>

namespace ta::util {

// Every secret the service hands out (tokens, nonces, TOTP secrets, recovery codes) comes from
// here so there is exactly one place that decides where randomness comes from.
struct Random {
  // Throws std::runtime_error when the CSPRNG cannot deliver; callers must never fall back to
  // something weaker.
  static std::string bytes(std::size_t n);
  static std::string hex(std::size_t nbytes);
  static std::string base64url(std::size_t nbytes);
};

}  // namespace ta::util
