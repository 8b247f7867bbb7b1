#include "move/TenantExport.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ext/stdio_filebuf.h>
#include <ostream>
#include <set>
#include <stdexcept>

#include "move/SealedSecrets.h"
#include "move/TenantMoveStore.h"
#include "tenant/Slug.h"
#include "tenant/TenantSettings.h"

namespace ta::move {

namespace {
// The control tables with rows per tenant that an export carries (besides tenants).
const std::set<std::string> kCarried = {"mail_queue", "signing_keys", "tenant_hosts"};

// Removes the output unless the export finished.
struct PartialFile {
    std::string path;
    bool done = false;
    ~PartialFile() {
        if (!done) ::unlink(path.c_str());
    }
};

std::runtime_error doesNotOpen(const std::string& what) {
    return std::runtime_error(what +
                              " does not open with this host's secret key file; nothing "
                              "was exported");
}
}  // namespace

void TenantExport::sealUnderPassphrase(TenantBundle& b, const db::Scope& scope,
                                       const util::PassphraseBox& pass) {
    b.keyMode = "passphrase";
    b.kdf = pass.params();
    b.check = pass.seal(TenantBundle::kCheckText, TenantBundle::kCheckAad);
    auto add = [&](const std::string& kind, const std::string& ref, const std::string& stored) {
        auto plain = SealedSecrets::open(box_, stored, SealedSecrets::aad(kind, b.id, ref));
        if (!plain) throw doesNotOpen(kind + " " + ref);
        TenantBundle::Secret s{kind, ref, {}};
        s.sealed = pass.seal(*plain, s.aad());
        b.secrets.push_back(std::move(s));
    };
    for (const auto& k : b.keys) add("signing_key", k.kid, k.sealedSecret);
    for (const auto& path : tenant::TenantSettings::secretPaths()) {
        std::string stored = SealedSecrets::settingAt(b.settingsJson, path);
        if (!stored.empty()) add("setting", path, stored);
    }
    for (const auto& s : TenantMoveStore(c_).schemaSecrets(scope)) add(s.kind, s.ref, s.sealed);
}

TenantBundle TenantExport::run(const std::string& slug, const std::string& path,
                               const std::optional<std::string>& passphrase) {
    TenantMoveStore store(c_);
    std::vector<std::string> unknown;
    for (const auto& t : store.tablesKeyedByTenant())
        if (!kCarried.count(t)) unknown.push_back(t);
    if (!unknown.empty())
        throw std::runtime_error("control table " + unknown[0] +
                                 " has rows per tenant that this tenantauthctl cannot export");
    const std::string pgDump = db::PgTools::find("pg_dump");
    // Derived before anything is read: the slow part (scrypt) holds no snapshot open.
    std::optional<util::PassphraseBox> pass;
    if (passphrase) pass.emplace(*passphrase, util::PassphraseBox::freshParams());

    TenantBundle b;
    b.pgDumpVersion = db::PgTools::version(pgDump);
    b.schema = tenant::Slug::schemaFor(slug);
    db::Transaction tx(c_);
    const std::string snapshot = store.exportSnapshot();
    if (!store.readControlRows(slug, b)) throw std::runtime_error("no tenant '" + slug + "'");
    // The tenant's schema is read as its role: the login role may have no rights there.
    const db::Scope scope{store.roleOf(slug), db::quoteIdent(b.schema)};
    b.migrations = store.migrations(scope);
    if (pass) sealUnderPassphrase(b, scope, *pass);

    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw std::runtime_error(path + ": " +
                                 (errno == EEXIST ? std::string("exists; not overwritten")
                                                  : std::string(std::strerror(errno))));
    }
    PartialFile partial{path};
    {
        __gnu_cxx::stdio_filebuf<char> buf(fd, std::ios::out | std::ios::binary);
        std::ostream out(&buf);
        b.writeHead(out);
        // "schema": the double quotes make pg_dump take the name literally, not as a pattern.
        std::vector<std::string> args{"--format=custom",  "--schema=\"" + b.schema + "\"",
                                      "--no-owner",       "--no-privileges",
                                      "--no-tablespaces", "--snapshot=" + snapshot};
        if (scope.role != "none") args.push_back("--role=" + scope.role);
        int rc = tools_.run(pgDump, args, nullptr, &out);
        out.flush();
        if (rc != 0)
            throw std::runtime_error("pg_dump failed (exit " + std::to_string(rc) +
                                     "); nothing was exported");
        if (!out || ::fsync(fd) != 0)
            throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
    }  // the filebuf closes fd
    tx.commit();
    partial.done = true;
    return b;
}

}  // namespace ta::move
