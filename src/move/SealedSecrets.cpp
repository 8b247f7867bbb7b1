#include "move/SealedSecrets.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "admin/SettingsAdmin.h"
#include "mail/Outbox.h"
#include "mfa/TwoFactor.h"
#include "util/Base64Url.h"

namespace ta::move {

namespace {
using Poco::JSON::Object;

Object::Ptr parse(const std::string& json) {
    return Poco::JSON::Parser().parse(json).extract<Object::Ptr>();
}

// The object holding the path's last key, and that key.
std::pair<Object::Ptr, std::string> locate(Object::Ptr root, const std::string& path, bool create) {
    auto dot = path.find('.');
    if (dot == std::string::npos) return {root, path};
    std::string group = path.substr(0, dot);
    Object::Ptr g = root->has(group) ? root->getObject(group) : nullptr;
    if (!g && create) {
        g = new Object;
        root->set(group, g);
    }
    return {g, path.substr(dot + 1)};
}
}  // namespace

bool SealedSecrets::knownKind(const std::string& kind) {
    return kind == "signing_key" || kind == "setting" || kind == "totp_secret" ||
           kind == "totp_pending_secret" || kind == "mail_body";
}

std::string SealedSecrets::aad(const std::string& kind, const std::string& tenantId,
                               const std::string& ref) {
    if (kind == "signing_key") return ref;
    if (kind == "setting") return admin::SettingsAdmin::secretAad(tenantId, ref);
    if (kind == "totp_secret" || kind == "totp_pending_secret")
        return mfa::TwoFactor::secretAad(tenantId, ref);
    return mail::Outbox::bodyAad(tenantId);
}

std::optional<std::string> SealedSecrets::open(const util::SecretBox& box,
                                               const std::string& stored, const std::string& aad) {
    auto raw = util::Base64Url::decode(stored);
    return raw ? box.open(*raw, aad) : std::nullopt;
}

std::string SealedSecrets::seal(const util::SecretBox& box, const std::string& plain,
                                const std::string& aad) {
    return util::Base64Url::encode(box.seal(plain, aad));
}

std::string SealedSecrets::settingAt(const std::string& settingsJson, const std::string& path) {
    auto [o, key] = locate(parse(settingsJson), path, false);
    if (!o || !o->has(key) || !o->get(key).isString()) return {};
    return o->getValue<std::string>(key);
}

std::string SealedSecrets::withSetting(const std::string& settingsJson, const std::string& path,
                                       const std::string& value) {
    Object::Ptr root = parse(settingsJson);
    auto [o, key] = locate(root, path, true);
    o->set(key, value);
    std::ostringstream out;
    root->stringify(out);
    return out.str();
}

}  // namespace ta::move
