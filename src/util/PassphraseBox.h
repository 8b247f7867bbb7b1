#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "util/SecretBox.h"

namespace ta::util {

// Seals secrets under a passphrase, for a file that leaves this host (tenant export): scrypt
// (OpenSSL's EVP_PBE_scrypt) turns passphrase and salt into the key of a SecretBox
// (AES-256-GCM), so a wrong passphrase fails the GCM tag check of the first open().
class PassphraseBox {
public:
    struct Params {
        std::uint64_t n = 0;  // scrypt cost, a power of two
        std::uint32_t r = 0;
        std::uint32_t p = 0;
        std::string salt;  // raw bytes
    };

    // N = 2^17, r = 8, p = 1 (128 MiB, 0.6 s on one core of the test box) and 16
    // random bytes of salt: one guess costs an attacker that much memory and time.
    static Params freshParams();
    // Parameters read from a file: within what freshParams could write and what this host
    // can afford (at most 256 MiB of scrypt memory), so a crafted file cannot make the
    // import allocate gigabytes. Throws std::invalid_argument naming the bad one.
    static void check(const Params& p);

    PassphraseBox(const std::string& passphrase, const Params& params);

    const Params& params() const { return params_; }
    std::string seal(const std::string& plaintext, const std::string& aad) const {
        return box_.seal(plaintext, aad);
    }
    // nullopt: wrong passphrase, other parameters or a changed ciphertext.
    std::optional<std::string> open(const std::string& sealed, const std::string& aad) const {
        return box_.open(sealed, aad);
    }

private:
    static std::string derive(const std::string& passphrase, const Params& params);

    Params params_;
    SecretBox box_;
};

}  // namespace ta::util
