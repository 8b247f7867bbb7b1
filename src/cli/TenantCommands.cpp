#include <iostream>

#include "cli/Ctl.h"
#include "cli/Options.h"
#include "db/DbError.h"
#include "db/Migrator.h"
#include "tenant/Slug.h"
#include "tenant/TenantRoleStore.h"
#include "tenant/TenantStore.h"

namespace ta::cli {

namespace {
std::string checkedSlug(const std::string& slug) {
    if (!tenant::Slug::valid(slug))
        throw Failure("invalid slug '" + slug + "': must match ^[a-z][a-z0-9_]{1,39}$");
    return slug;
}

std::string checkedHost(std::string host) {
    for (char& c : host) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (!tenant::Slug::validHost(host)) throw Failure("invalid host name '" + host + "'");
    return host;
}

tenant::TenantRecord existing(Ctl& ctl, const std::string& slug) {
    auto rec = tenant::TenantStore(ctl.db(), ctl.box()).find(checkedSlug(slug));
    if (!rec) throw Failure("no tenant '" + slug + "'");
    return *rec;
}

int add(Ctl& ctl) {
    Options o(ctl.args);
    std::vector<std::string> hosts = o.many("host");
    std::string name = o.one("name");
    auto pos = o.positionals(1, "SLUG");
    std::string slug = checkedSlug(pos[0]);
    for (auto& h : hosts) h = checkedHost(h);
    tenant::TenantStore store(ctl.db(), ctl.box());
    if (store.find(slug)) throw Failure("tenant '" + slug + "' already exists");
    // Role and schema first: a tenant row is never visible to the daemons before its
    // tables. Both are reused if an earlier attempt stopped half way.
    tenant::TenantRoleStore roles(ctl.db());
    std::string role = roles.nameFor(slug);
    roles.ensure(role);
    db::Migrator(ctl.db()).migrateTenant(tenant::Slug::schemaFor(slug), role);
    db::Transaction tx(ctl.db());
    try {
        store.add(slug, name.empty() ? slug : name, hosts);
        store.setRole(slug, role);
    } catch (const db::QueryError& e) {
        if (e.uniqueViolation()) throw Failure("a host name is already used by another tenant");
        throw;
    }
    tx.commit();
    std::cout << "tenant " << slug << " added\n";
    return 0;
}

int list(Ctl& ctl) {
    Options(ctl.args).positionals(0, "no arguments");
    for (const auto& rec : tenant::TenantStore(ctl.db(), ctl.box()).loadAll()) {
        std::cout << rec.tenant->slug << "\t" << (rec.tenant->disabled ? "disabled" : "enabled")
                  << "\t";
        for (size_t i = 0; i < rec.tenant->hosts.size(); ++i)
            std::cout << (i ? "," : "") << rec.tenant->hosts[i];
        std::cout << "\n";
    }
    return 0;
}

int show(Ctl& ctl) {
    auto rec = existing(ctl, Options(ctl.args).positionals(1, "SLUG")[0]);
    const auto& t = *rec.tenant;
    std::cout << "slug: " << t.slug << "\nname: " << t.name << "\nid: " << t.id
              << "\nschema: " << t.schema << "\nstatus: " << (t.disabled ? "disabled" : "enabled")
              << "\nhosts:";
    for (const auto& h : rec.tenant->hosts) std::cout << " " << h;
    std::cout << "\nsigning keys:";
    for (const auto& k : t.keys)
        std::cout << " " << k.kid << (k.retiredAt ? "(retired)" : "(current)");
    std::cout << "\n";
    return 0;
}

int setDisabled(Ctl& ctl, bool disabled) {
    std::string slug = checkedSlug(Options(ctl.args).positionals(1, "SLUG")[0]);
    if (!tenant::TenantStore(ctl.db(), ctl.box()).setDisabled(slug, disabled))
        throw Failure("no tenant '" + slug + "'");
    std::cout << "tenant " << slug << (disabled ? " disabled" : " enabled") << "\n";
    return 0;
}

int disable(Ctl& ctl) { return setDisabled(ctl, true); }
int enable(Ctl& ctl) { return setDisabled(ctl, false); }

int remove(Ctl& ctl) {
    Options o(ctl.args);
    bool yes = o.flag("yes");
    std::string slug = checkedSlug(o.positionals(1, "SLUG")[0]);
    if (!yes) throw Failure("removing a tenant deletes all of its data; repeat with --yes");
    auto rec = existing(ctl, slug);
    const std::string& role = rec.tenant->scope.role;
    db::Transaction tx(ctl.db());
    if (!tenant::TenantStore(ctl.db(), ctl.box()).remove(slug))
        throw Failure("no tenant '" + slug + "'");
    // A tenant made before roles (role "none") has its schema owned by the login role.
    db::Migrator(ctl.db()).dropTenant(rec.tenant->schema, role);
    if (role != "none") tenant::TenantRoleStore(ctl.db()).drop(role);
    tx.commit();
    std::cout << "tenant " << slug << " removed\n";
    return 0;
}

int hostAdd(Ctl& ctl) {
    auto pos = Options(ctl.args).positionals(2, "SLUG HOST");
    std::string slug = checkedSlug(pos[0]);
    std::string host = checkedHost(pos[1]);
    try {
        if (!tenant::TenantStore(ctl.db(), ctl.box()).addHost(slug, host))
            throw Failure("no tenant '" + slug + "'");
    } catch (const db::QueryError& e) {
        if (e.uniqueViolation()) throw Failure("host " + host + " is already in use");
        throw;
    }
    std::cout << "host " << host << " added to " << slug << "\n";
    return 0;
}

int hostRemove(Ctl& ctl) {
    auto pos = Options(ctl.args).positionals(2, "SLUG HOST");
    std::string slug = checkedSlug(pos[0]);
    std::string host = checkedHost(pos[1]);
    if (!tenant::TenantStore(ctl.db(), ctl.box()).removeHost(slug, host))
        throw Failure("tenant '" + slug + "' has no host " + host);
    std::cout << "host " << host << " removed from " << slug << "\n";
    return 0;
}

int keyRotate(Ctl& ctl) {
    Options o(ctl.args);
    std::string slug = checkedSlug(o.required("tenant"));
    o.positionals(0, "no arguments");
    db::Transaction tx(ctl.db());
    std::string kid = tenant::TenantStore(ctl.db(), ctl.box()).rotateKey(slug);
    if (kid.empty()) throw Failure("no tenant '" + slug + "'");
    tx.commit();
    std::cout << "new signing key " << kid << " for " << slug << "\n";
    return 0;
}
}  // namespace

void registerTenantCommands(std::vector<Command>& out) {
    out.push_back({{"tenant", "add"}, "tenant add SLUG [--host HOST]... [--name NAME]", add});
    out.push_back({{"tenant", "list"}, "tenant list", list});
    out.push_back({{"tenant", "show"}, "tenant show SLUG", show});
    out.push_back({{"tenant", "disable"}, "tenant disable SLUG", disable});
    out.push_back({{"tenant", "enable"}, "tenant enable SLUG", enable});
    out.push_back({{"tenant", "remove"}, "tenant remove SLUG --yes", remove});
    out.push_back({{"tenant", "host", "add"}, "tenant host add SLUG HOST", hostAdd});
    out.push_back({{"tenant", "host", "remove"}, "tenant host remove SLUG HOST", hostRemove});
    out.push_back({{"key", "rotate"}, "key rotate --tenant SLUG", keyRotate});
}

}  // namespace ta::cli
