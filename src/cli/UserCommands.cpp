#include <algorithm>
#include <fstream>
#include <iostream>

#include "account/AccountService.h"
#include "account/UserImport.h"
#include "admin/SettingsAdmin.h"
#include "cli/Ctl.h"
#include "cli/Options.h"
#include "cli/Progress.h"
#include "credential/HashPool.h"
#include "db/Migrator.h"
#include "db/Pool.h"
#include "domain/Refusal.h"
#include "mfa/TwoFactor.h"
#include "tenant/Slug.h"
#include "tenant/TenantRoleStore.h"
#include "tenant/TenantStore.h"
#include "token/AccessTokens.h"
#include "util/SecretBox.h"

namespace ta::cli {

namespace {
int migrate(Ctl& ctl) {
    Options(ctl.args).positionals(0, "no arguments");
    if (util::SecretBox::createKeyFile(ctl.settings.secretKeyFile))
        std::cout << "created secret key file " << ctl.settings.secretKeyFile << "\n";
    db::Migrator m(ctl.db());
    int applied = m.migrateControl();
    tenant::TenantStore store(ctl.db(), ctl.box());
    tenant::TenantRoleStore roles(ctl.db());
    auto all = store.loadAll();
    Progress progress(std::cerr, "tenants", "migrated", all.size());
    std::size_t done = 0;
    for (const auto& rec : all) {
        const auto& t = *rec.tenant;
        // Tenants made before sql/control/004 get their role and hand it their schema;
        // each tenant is its own transaction, so an interrupted run picks up where it
        // stopped.
        std::string role = t.scope.role == "none" ? roles.nameFor(t.slug) : t.scope.role;
        roles.ensure(role);
        // A recorded role was handed the schema in the transaction that recorded it; only
        // pre-role tenants are adopted (checking ownership per tenant reads pg_class whole:
        // 18 minutes for 10,000 tenants).
        if (t.scope.role == "none") {
            db::Transaction tx(ctl.db());
            roles.adopt(t.schema, role);
            store.setRole(t.slug, role);
            tx.commit();
        }
        applied += m.migrateTenant(t.schema, role);
        progress.update(++done);
    }
    std::cout << "applied " << applied << " migration(s)\n";
    return 0;
}

int userAdd(Ctl& ctl) {
    Options o(ctl.args);
    std::string slug = o.required("tenant");
    identity::NewUser nu;
    nu.email = o.required("email");
    std::string username = o.one("username");
    if (!username.empty()) nu.username = username;
    std::string authority = o.one("authority");
    nu.authority = authority.empty() ? "USER" : authority;
    bool fromStdin = o.flag("password-stdin");
    o.positionals(0, "no positional arguments");
    if (!fromStdin)
        throw config::UsageError(
            "--password-stdin is required (passwords never go on the command line)");

    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();

    auto tenant = ctl.tenant(slug);
    util::SystemClock clock;
    credential::HashPool hashes(1, 1);
    token::AccessTokens tokens(clock);
    mfa::TwoFactor twoFactor(ctl.pool(), ctl.box(), clock);
    account::AccountService accounts(ctl.pool(), hashes, tokens, twoFactor, clock);
    try {
        identity::User u = accounts.createUser(*tenant, nu, password);
        std::cout << "user " << u.email << " (" << u.authority << ") added to " << slug
                  << " with id " << u.id << "\n";
    } catch (const domain::Refusal& e) {
        switch (e.reason()) {
            case domain::Reason::UsernameTaken:
                throw Failure("username already exists");
            case domain::Reason::EmailTaken:
                throw Failure("email already registered");
            default:
                throw Failure(e.what());
        }
    }
    return 0;
}
int userImport(Ctl& ctl) {
    Options o(ctl.args);
    std::string slug = o.required("tenant");
    bool skipInvalid = o.flag("skip-invalid");
    bool keepCost = o.flag("keep-cost");
    std::string path = o.positionals(1, "FILE").front();
    std::ifstream file;
    if (path != "-") {
        file.open(path);
        if (!file) throw Failure("cannot read " + path);
    }
    auto tenant = ctl.tenant(slug);
    account::UserImport::Report r =
        account::UserImport(ctl.pool()).run(*tenant, path == "-" ? std::cin : file, skipInvalid);
    for (const auto& why : r.invalid) std::cerr << path << ": " << why << "\n";
    if (!r.invalid.empty() && !skipInvalid)
        throw Failure(std::to_string(r.invalid.size()) +
                      " invalid line(s), nothing imported (--skip-invalid imports the others)");
    std::cout << "imported " << r.imported << ", already present " << r.present << ", invalid "
              << r.invalid.size() << (r.invalid.empty() ? "" : " (skipped)") << "\n";
    // A login for an unknown email checks a dummy at the tenant's cost: it must take as
    // long as one for an imported user, so dearer hashes raise the cost (at most 15, the
    // setting's ceiling), through the same path as an admin's PATCH (validated, audited).
    int from = tenant->settings.bcryptCost, to = std::min(r.dearest, 15);
    if (!keepCost && to > from) {
        Poco::JSON::Object patch;
        patch.set("bcryptCost", to);
        admin::SettingsAdmin(ctl.pool(), ctl.box())
            .patch(*tenant, patch, ctl.settings.development(), "", audit::Origin{});
        std::cout << "raised the tenant's bcryptCost from " << from << " to " << to
                  << " (the dearest imported hash), so that a login for an unknown email takes "
                     "as long as one for an imported user (--keep-cost leaves it)\n";
    }
    if (r.costlier > 0 && (keepCost || r.dearest > to))
        std::cerr << "note: some imported hashes cost more than the tenant's bcryptCost: until "
                     "those users log in once (which re-hashes them), a login for them takes "
                     "longer than one for an unknown email\n";
    return 0;
}
}  // namespace

void registerUserCommands(std::vector<Command>& out) {
    out.push_back({{"migrate"}, "migrate", migrate});
    out.push_back({{"user", "add"},
                   "user add --tenant SLUG --email EMAIL [--username NAME] [--authority "
                   "USER|DEVELOPER|ADMIN] "
                   "--password-stdin",
                   userAdd});
    out.push_back({{"user", "import"},
                   "user import --tenant SLUG FILE [--skip-invalid] [--keep-cost]  (JSON lines; "
                   "FILE - is stdin)",
                   userImport});
}

}  // namespace ta::cli
