#include "ItTenant.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "ItEnv.h"

namespace ta::test {

namespace {
std::string shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

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
    require(ItEnv::run("psql -q -v ON_ERROR_STOP=1 " + shellQuote(ItEnv::var("TA_DSN")) + " -c " +
                       shellQuote("UPDATE tenantauth.tenants SET settings = settings || '" +
                                  settingsJson + "'::jsonb WHERE slug = '" + t.slug + "'")));
    std::this_thread::sleep_for(std::chrono::milliseconds(5500));
    return t;
}

std::string ItTenant::adminToken() const {
    return ItEnv::loginUser(adminEmail, adminPassword, host).accessToken;
}

}  // namespace ta::test
