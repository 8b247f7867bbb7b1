// A tenant of a test's own, for rules that change tenant-wide state (settings,
// lockout, plans): made with tenantauthctl, with an ADMIN, answering on its own host.
#pragma once

#include <string>

namespace ta::test {

struct ItTenant {
    std::string slug;
    std::string host;
    std::string adminEmail;
    std::string adminPassword;

    // Adds the tenant and its admin, merges `settingsJson` into its settings, and
    // waits until every worker process of every daemon knows it (5.5 s).
    static ItTenant create(const std::string& prefix, const std::string& settingsJson = "{}");
    // A fresh access token of the admin.
    std::string adminToken() const;
};

}  // namespace ta::test
