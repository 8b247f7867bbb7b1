#include "admin/SettingsAdmin.h"

#include <Poco/JSON/Array.h>

#include "audit/AuditStore.h"
#include "tenant/TenantStore.h"
#include "util/Base64Url.h"

namespace ta::admin {

std::string SettingsAdmin::secretAad(const std::string& tenantId, const std::string& path) {
    return "setting:" + tenantId + ":" + path;
}

tenant::TenantSettings SettingsAdmin::current(const tenant::Tenant& t) {
    auto lease = pool_.acquire();
    return tenant::TenantSettings::fromJson(
        tenant::TenantStore(*lease, box_).settingsJson(t.id, false));
}

tenant::TenantSettings SettingsAdmin::patch(const tenant::Tenant& t,
                                            const Poco::JSON::Object& patch, bool development,
                                            const std::string& actorId,
                                            const audit::Origin& origin) {
    auto seal = [&](const std::string& path, const std::string& plain) {
        return util::Base64Url::encode(box_.seal(plain, secretAad(t.id, path)));
    };
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    tenant::TenantStore store(*lease, box_);
    auto before = tenant::TenantSettings::fromJson(store.settingsJson(t.id, true));
    std::vector<std::string> changed;
    tenant::TenantSettings after = before.patched(patch, development, seal, changed);
    if (!changed.empty()) {
        store.saveSettings(t.id, after.toStoredJson());
        Poco::JSON::Array::Ptr keys = new Poco::JSON::Array;
        for (const auto& k : changed) keys->add(k);
        audit::AuditStore(*lease, t).record(
            audit::AuditEvent("settings.changed", "", actorId).with("keys", keys), origin);
    }
    tx.commit();
    return after;
}

}  // namespace ta::admin
