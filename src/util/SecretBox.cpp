#include "util/SecretBox.h"

#include "util/Random.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace ta::util {

namespace {

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CtxPtr = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

// Closes on every exit path, including the throwing ones in fromKeyFile/createKeyFile.
struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::runtime_error keyFileError(const std::string& path, const std::string& problem) {
  return std::runtime_error("secret key file '" + path + "': " + problem);
}

const unsigned char* u8(const std::string& s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

SecretBox::SecretBox(const std::string& key32) : key_(key32) {
  if (key_.size() != kKeySize) {
    throw std::invalid_argument("SecretBox key must be 32 bytes, got " +
                                std::to_string(key_.size()));
  }
}

SecretBox SecretBox::fromKeyFile(const std::string& path) {
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) {
    const int e = errno;
    throw keyFileError(path, e == ENOENT ? "does not exist" : std::strerror(e));
  }
  // fstat on the opened descriptor, not stat on the path, so the checks apply to the very file
  // we read.
  struct stat st {};
  if (::fstat(f.fd, &st) != 0) throw keyFileError(path, std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw keyFileError(path, "is not a regular file");
  // Any group/other bit is refused, not only read: a writable key file lets someone substitute a
  // key they know.
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    throw keyFileError(path, std::string("is accessible by group/others (mode ") + mode +
                                 "); it must be mode 0600");
  }
  if (st.st_size != static_cast<off_t>(kKeySize)) {
    throw keyFileError(path, "has " + std::to_string(static_cast<long long>(st.st_size)) +
                                 " bytes; it must contain exactly 32 bytes");
  }
  std::string key(kKeySize, '\0');
  std::size_t got = 0;
  while (got < kKeySize) {
    const ssize_t r = ::read(f.fd, &key[got], kKeySize - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) throw keyFileError(path, std::strerror(errno));
    if (r == 0) throw keyFileError(path, "is shorter than 32 bytes");
    got += static_cast<std::size_t>(r);
  }
  return SecretBox(key);
}

bool SecretBox::createKeyFile(const std::string& path) {
  // O_EXCL: never overwrite an existing key, that would make every sealed secret unreadable.
  Fd f{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600)};
  if (f.fd < 0) {
    if (errno == EEXIST) return false;
    throw keyFileError(path, std::string("cannot create: ") + std::strerror(errno));
  }
  const std::string key = Random::bytes(kKeySize);
  auto fail = [&](const char* what) {
    const int e = errno;
    ::unlink(path.c_str());
    throw keyFileError(path, std::string(what) + ": " + std::strerror(e));
  };
  // The umask could have removed owner bits; state the mode explicitly.
  if (::fchmod(f.fd, 0600) != 0) fail("cannot chmod");
  std::size_t put = 0;
  while (put < key.size()) {
    const ssize_t w = ::write(f.fd, key.data() + put, key.size() - put);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) fail("cannot write");
    put += static_cast<std::size_t>(w);
  }
  // A key lost in a crash right after migrate would orphan everything sealed with it.
  if (::fsync(f.fd) != 0) fail("cannot fsync");
  return true;
}

std::string SecretBox::seal(const std::string& plaintext, const std::string& aad) const {
  const std::string nonce = Random::bytes(kNonceSize);
  CtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throw std::runtime_error("EVP_CIPHER_CTX_new failed");

  std::string out(kNonceSize + plaintext.size() + kTagSize, '\0');
  std::memcpy(&out[0], nonce.data(), kNonceSize);
  auto* ct = reinterpret_cast<unsigned char*>(&out[kNonceSize]);
  int len = 0;
  if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_EncryptInit_ex(ctx.get(), nullptr, nullptr, u8(key_), u8(nonce)) != 1) {
    throw std::runtime_error("AES-256-GCM init failed");
  }
  if (!aad.empty() &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, u8(aad), static_cast<int>(aad.size())) != 1) {
    throw std::runtime_error("AES-256-GCM aad failed");
  }
  int written = 0;
  if (!plaintext.empty()) {
    if (EVP_EncryptUpdate(ctx.get(), ct, &len, u8(plaintext),
                          static_cast<int>(plaintext.size())) != 1) {
      throw std::runtime_error("AES-256-GCM encrypt failed");
    }
    written = len;
  }
  if (EVP_EncryptFinal_ex(ctx.get(), ct + written, &len) != 1) {
    throw std::runtime_error("AES-256-GCM final failed");
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagSize,
                          &out[kNonceSize + plaintext.size()]) != 1) {
    throw std::runtime_error("AES-256-GCM tag failed");
  }
  return out;
}

std::optional<std::string> SecretBox::open(const std::string& sealed,
                                           const std::string& aad) const {
  if (sealed.size() < kNonceSize + kTagSize) return std::nullopt;
  const std::size_t ctLen = sealed.size() - kNonceSize - kTagSize;
  const auto* nonce = u8(sealed);
  const auto* ct = nonce + kNonceSize;
  std::string tag = sealed.substr(kNonceSize + ctLen);

  CtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
  std::string out(ctLen, '\0');
  auto* pt = reinterpret_cast<unsigned char*>(&out[0]);
  int len = 0;
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, kNonceSize, nullptr) != 1 ||
      EVP_DecryptInit_ex(ctx.get(), nullptr, nullptr, u8(key_), nonce) != 1) {
    throw std::runtime_error("AES-256-GCM init failed");
  }
  if (!aad.empty() &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, u8(aad), static_cast<int>(aad.size())) != 1) {
    return std::nullopt;
  }
  int written = 0;
  if (ctLen > 0) {
    if (EVP_DecryptUpdate(ctx.get(), pt, &len, ct, static_cast<int>(ctLen)) != 1) {
      return std::nullopt;
    }
    written = len;
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagSize, &tag[0]) != 1) {
    return std::nullopt;
  }
  // The tag check happens here; until it passes the plaintext must not escape.
  if (EVP_DecryptFinal_ex(ctx.get(), pt + written, &len) != 1) return std::nullopt;
  return out;
}

}  // namespace ta::util
