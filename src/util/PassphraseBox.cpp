#include "util/PassphraseBox.h"

#include <openssl/evp.h>

#include <stdexcept>

#include "util/Random.h"

namespace ta::util {

namespace {
constexpr std::uint64_t kMaxMemory = 256ull << 20;
// scrypt's working memory: 128 * r * N bytes, plus 128 * r * p for the B array.
std::uint64_t memoryOf(const PassphraseBox::Params& p) {
    return 128ull * p.r * p.n + 128ull * p.r * p.p;
}
}  // namespace

PassphraseBox::Params PassphraseBox::freshParams() {
    Params p;
    p.n = 1ull << 17;
    p.r = 8;
    p.p = 1;
    p.salt = Random::bytes(16);
    return p;
}

void PassphraseBox::check(const Params& p) {
    if (p.n < (1ull << 14) || p.n > (1ull << 20) || (p.n & (p.n - 1)) != 0)
        throw std::invalid_argument("scrypt N must be a power of two from 2^14 to 2^20");
    if (p.r < 1 || p.r > 32) throw std::invalid_argument("scrypt r must be 1 to 32");
    if (p.p < 1 || p.p > 4) throw std::invalid_argument("scrypt p must be 1 to 4");
    if (memoryOf(p) > kMaxMemory)
        throw std::invalid_argument("scrypt parameters need more than 256 MiB");
    if (p.salt.size() < 16 || p.salt.size() > 64)
        throw std::invalid_argument("scrypt salt must be 16 to 64 bytes");
}

std::string PassphraseBox::derive(const std::string& passphrase, const Params& params) {
    check(params);
    if (passphrase.empty()) throw std::invalid_argument("empty passphrase");
    std::string key(SecretBox::kKeySize, '\0');
    // maxmem a little above what the parameters need: OpenSSL's default (32 MiB) is
    // below N = 2^17, r = 8.
    if (EVP_PBE_scrypt(passphrase.data(), passphrase.size(),
                       reinterpret_cast<const unsigned char*>(params.salt.data()),
                       params.salt.size(), params.n, params.r, params.p,
                       memoryOf(params) + (1u << 20), reinterpret_cast<unsigned char*>(&key[0]),
                       key.size()) != 1)
        throw std::runtime_error("scrypt key derivation failed");
    return key;
}

PassphraseBox::PassphraseBox(const std::string& passphrase, const Params& params)
    : params_(params), box_(derive(passphrase, params)) {}

}  // namespace ta::util
