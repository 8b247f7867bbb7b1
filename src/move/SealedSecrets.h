#pragma once
#include <optional>
#include <string>
#include <vector>

#include "util/SecretBox.h"

namespace ta::move {

// Where a tenant keeps values sealed under the host's key file, and with which AAD, so an
// export can open them and an import seal them again under another host's key file.
//   signing_key          control signing_keys.sealed_secret   ref kid        AAD kid
//   setting              control tenants.settings at a path  ref the path   SettingsAdmin
//   totp_secret,         tenant users.totp_secret,           ref user id    TwoFactor
//   totp_pending_secret  users.totp_pending_secret
//   mail_body            tenant mail_outbox.body_sealed      ref mail id    Outbox
// Stored values are base64url of SecretBox output.
struct SealedSecrets {
    static bool knownKind(const std::string& kind);
    static std::string aad(const std::string& kind, const std::string& tenantId,
                           const std::string& ref);
    // The stored value opened with `box`; nullopt when it does not open.
    static std::optional<std::string> open(const util::SecretBox& box, const std::string& stored,
                                           const std::string& aad);
    static std::string seal(const util::SecretBox& box, const std::string& plain,
                            const std::string& aad);

    // The text at a setting path ("smtp.password") of a settings JSON object; "" when
    // absent or not text.
    static std::string settingAt(const std::string& settingsJson, const std::string& path);
    // The settings JSON with the text at `path` replaced.
    static std::string withSetting(const std::string& settingsJson, const std::string& path,
                                   const std::string& value);
};

}  // namespace ta::move
