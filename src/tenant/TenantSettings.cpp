#include "tenant/TenantSettings.h"

#include <Poco/JSON/Parser.h>

namespace ta::tenant {

namespace {
int intIn(const Poco::JSON::Object::Ptr& o, const char* key, int def, int lo, int hi) {
    if (!o->has(key)) return def;
    try {
        int v = o->getValue<int>(key);
        return v >= lo && v <= hi ? v : def;
    } catch (...) {
        return def;
    }
}
}  // namespace

TenantSettings TenantSettings::fromJson(const std::string& json) {
    TenantSettings s;
    if (json.empty()) return s;
    try {
        auto o = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        s.accessTokenTtl = intIn(o, "accessTokenTtl", s.accessTokenTtl, 1, 86400);
        s.refreshTokenTtl = intIn(o, "refreshTokenTtl", s.refreshTokenTtl, 60, 31536000);
        s.bcryptCost = intIn(o, "bcryptCost", s.bcryptCost, 4, 31);
        if (o->has("twofaSetup")) {
            std::string v = o->optValue<std::string>("twofaSetup", s.twofaSetup);
            if (v == "ADMIN" || v == "ALL") s.twofaSetup = v;
        }
    } catch (...) {
        // A malformed settings column must not take the tenant down: defaults hold.
    }
    return s;
}

}  // namespace ta::tenant
