#include "mfa/RecoveryCodes.h"

#include "util/Random.h"

#include <openssl/evp.h>

#include <cstring>
#include <set>
#include <stdexcept>

namespace ta::mfa {

namespace {

std::string randomCode() {
  const std::size_t alphabetSize = std::strlen(RecoveryCodes::kAlphabet);
  // Bytes at or above the largest multiple of the alphabet size are dropped so that every
  // character is equally likely (a plain modulo would favour the first few).
  const unsigned limit = 256 - 256 % alphabetSize;
  std::string chars;
  while (chars.size() < RecoveryCodes::kLength) {
    for (unsigned char b : util::Random::bytes(RecoveryCodes::kLength)) {
      if (b >= limit) continue;
      chars.push_back(RecoveryCodes::kAlphabet[b % alphabetSize]);
      if (chars.size() == RecoveryCodes::kLength) break;
    }
  }
  std::string out;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    if (i > 0 && i % 4 == 0) out.push_back('-');
    out.push_back(chars[i]);
  }
  return out;
}

}  // namespace

std::vector<std::string> RecoveryCodes::generate(std::size_t n) {
  // A duplicate is astronomically unlikely at ~59 bits per code, but two equal codes would
  // silently become one, so it is cheap to rule out.
  std::set<std::string> seen;
  std::vector<std::string> codes;
  codes.reserve(n);
  while (codes.size() < n) {
    std::string c = randomCode();
    if (seen.insert(c).second) codes.push_back(std::move(c));
  }
  return codes;
}

std::string RecoveryCodes::normalize(const std::string& input) {
  std::string out;
  out.reserve(input.size());
  for (char ch : input) {
    if (ch == ' ' || ch == '-' || ch == '\t' || ch == '\r' || ch == '\n') continue;
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (!ok) return {};
    out.push_back(ch);
  }
  return out;
}

std::string RecoveryCodes::hash(const std::string& normalized) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(normalized.data(), normalized.size(), digest, &len, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  static const char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[digest[i] >> 4]);
    out.push_back(hex[digest[i] & 0x0f]);
  }
  return out;
}

}  // namespace ta::mfa
