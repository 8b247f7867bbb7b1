#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace ta::util {

// Authenticated encryption for secrets kept at rest (TOTP secrets, provider tokens), so a
// database dump alone does not reveal them. AES-256-GCM; the AAD lets callers bind a ciphertext
// to its owner (e.g. tenant + user id) so rows cannot be swapped between users.
class SecretBox {
 public:
  static constexpr std::size_t kKeySize = 32;
  static constexpr std::size_t kNonceSize = 12;
  static constexpr std::size_t kTagSize = 16;

  explicit SecretBox(const std::string& key32);

  static SecretBox fromKeyFile(const std::string& path);
  static bool createKeyFile(const std::string& path);

  // Output: nonce || ciphertext || tag. A fresh random nonce per call; with 96-bit random nonces
  // a single key stays safe for far more messages than this service will ever seal.
  std::string seal(const std::string& plaintext, const std::string& aad = {}) const;
  std::optional<std::string> open(const std::string& sealed, const std::string& aad = {}) const;

 private:
  std::string key_;
};

}  // namespace ta::util
