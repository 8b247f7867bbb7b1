#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace ta::mfa {

// One-time codes that let a user in when the authenticator is lost. Only hashes are stored, so
// they are shown to the user once, at generation time.
struct RecoveryCodes {
  // Alphabet without 0/o, 1/l/i so codes survive being copied by hand off paper.
  static constexpr const char* kAlphabet = "23456789abcdefghjkmnpqrstuvwxyz";
  static constexpr std::size_t kLength = 12;

  static std::vector<std::string> generate(std::size_t n = 10);
  static std::string normalize(const std::string& input);
  static std::string hash(const std::string& normalized);
};

}  // namespace ta::mfa
