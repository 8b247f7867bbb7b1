// tenant export / tenant import: one tenant moves to another database (README "Moving one
// tenant", tenantauthctl(8)).
#include <csignal>
#include <iostream>

#include "cli/Ctl.h"
#include "cli/Options.h"
#include "db/PgTools.h"
#include "move/TenantExport.h"
#include "move/TenantImport.h"
#include "tenant/Slug.h"

namespace ta::cli {

namespace {
// Long enough that guessing it at scrypt's cost (0.6 s and 128 MiB a guess here) is out
// of reach for a passphrase of several words.
constexpr std::size_t kMinPassphrase = 12;

std::optional<std::string> passphrase(Options& o) {
    if (!o.flag("passphrase-stdin")) return std::nullopt;
    std::string p;
    std::getline(std::cin, p);
    if (!p.empty() && p.back() == '\r') p.pop_back();
    if (p.empty()) throw Failure("no passphrase on stdin");
    return p;
}

// pg_dump/pg_restore may exit early (an error) while we still write to them: the write
// must fail, not kill tenantauthctl, so that it can say what happened and clean up.
void ignoreSigpipe() { std::signal(SIGPIPE, SIG_IGN); }

int exportTenant(Ctl& ctl) {
    Options o(ctl.args);
    std::string output = o.required("output");
    auto pass = passphrase(o);
    std::string slug = o.positionals(1, "SLUG")[0];
    if (!tenant::Slug::valid(slug))
        throw Failure("invalid slug '" + slug + "': must match ^[a-z][a-z0-9_]{1,39}$");
    if (pass && pass->size() < kMinPassphrase)
        throw Failure("the passphrase must have at least " + std::to_string(kMinPassphrase) +
                      " characters");
    ignoreSigpipe();
    db::PgTools tools(ctl.settings.db);
    auto b = move::TenantExport(ctl.db(), ctl.box(), tools).run(slug, output, pass);
    std::cout << "tenant " << slug << " exported to " << output << " ("
              << (pass ? "secrets sealed under the passphrase"
                       : "secrets sealed with this host's key file")
              << ")\n";
    return 0;
}

int importTenant(Ctl& ctl) {
    Options o(ctl.args);
    auto pass = passphrase(o);
    std::string file = o.positionals(1, "FILE")[0];
    ignoreSigpipe();
    db::PgTools tools(ctl.settings.db);
    auto b = move::TenantImport(ctl.db(), ctl.box(), tools).run(file, pass);
    std::cout << "tenant " << b.slug << " imported: " << b.hosts.size() << " host(s), "
              << b.keys.size() << " signing key(s)\n";
    return 0;
}
}  // namespace

void registerMoveCommands(std::vector<Command>& out) {
    out.push_back({{"tenant", "export"},
                   "tenant export SLUG --output FILE [--passphrase-stdin]",
                   exportTenant});
    out.push_back({{"tenant", "import"}, "tenant import FILE [--passphrase-stdin]", importTenant});
}

}  // namespace ta::cli
