#include "ItTenant.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "ItAdmin.h"
#include "ItEnv.h"

namespace ta::test {

namespace {
void require(const ItProcessResult& r) {
    if (r.exitCode != 0) throw std::runtime_error(r.describe());
}
}  // namespace

ItTenant ItTenant::create(const std::string& prefix, const std::string& settingsJson) {
    ItTenant t;
    t.slug = ItEnv::uniqueSlug(prefix);
    t.host = t.slug + ".test";
    std::replace(t.host.begin(), t.host.end(), '_', '-');
    t.adminEmail = "admin@" + t.host;
    t.adminPassword = ItEnv::password();
    require(ItEnv::ctl("tenant add " + t.slug + " --host " + t.host));
    require(ItEnv::ctl("user add --tenant " + t.slug + " --email " + t.adminEmail +
                           " --authority ADMIN --password-stdin",
                       t.adminPassword + "\n"));
    ItAdmin::psql("UPDATE tenantauth.tenants SET settings = settings || '" + settingsJson +
                  "'::jsonb WHERE slug = '" + t.slug + "'");
    std::this_thread::sleep_for(std::chrono::milliseconds(5500));
    return t;
}

std::string ItTenant::adminToken() const {
    return ItEnv::loginUser(adminEmail, adminPassword, host).accessToken;
}

}  // namespace ta::test
