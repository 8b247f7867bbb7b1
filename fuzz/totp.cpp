// What a user types at the 2FA prompts and what ends up in the otpauth URL: line 1 is
// the code (a TOTP code or a recovery code, as TwoFactor::acceptLoginCode tells them
// apart), line 2 the account name (username or email) put into the otpauth URL and
// its QR code, line 3 a raw secret for base32 and code generation.
#include "mfa/Totp.h"

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "Input.h"
#include "mfa/QrPng.h"
#include "mfa/RecoveryCodes.h"

using namespace ta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const std::string secret(20, '\x5a');
    auto fields = fuzz::split(fuzz::text(data, size), '\n');
    std::string code(fields[0]);
    std::int64_t now = 1700000000 + static_cast<std::int64_t>(size);
    (void)mfa::Totp::verify(secret, code, now);
    (void)mfa::Totp::verify(secret, code, now, static_cast<int>(size % 4));
    std::string normalized = mfa::RecoveryCodes::normalize(code);
    if (!normalized.empty() &&
        !mfa::RecoveryCodes::matches(normalized, mfa::RecoveryCodes::stored(normalized)))
        std::abort();  // a code must match what is stored for it
    // Line 2 as a stored value from the table: the salted and the old unsalted forms
    // are parsed from it.
    if (fields.size() > 1) (void)mfa::RecoveryCodes::matches(normalized, std::string(fields[1]));
    if (fields.size() > 1) {
        std::string url =
            mfa::Totp::otpauthUrl("alpha", std::string(fields[1]), mfa::Totp::base32(secret));
        // The PNG (libqrencode, zlib) made every input 8 times slower (250 against 2,000
        // runs a second): drawn for one input in 16. The size picks, not chance, so a
        // reproduced input does the same.
        try {
            if (size % 16 == 0) (void)mfa::QrPng::encode(url);
        } catch (const std::runtime_error&) {  // too long for a QR code
        }
    }
    if (fields.size() > 2) {
        std::string raw(fields[2]);
        (void)mfa::Totp::base32(raw);
        (void)mfa::Totp::code(raw, now);
    }
    return 0;
}
