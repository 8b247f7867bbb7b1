#include "move/TenantImport.h"

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "db/DbError.h"
#include "db/EmbeddedSql.h"
#include "db/Migrator.h"
#include "move/SealedSecrets.h"
#include "tenant/TenantRoleStore.h"
#include "tenant/TenantSettings.h"

namespace ta::move {

namespace {
const char* const kNothing = "; nothing was imported";

std::runtime_error refused(const std::string& why) { return std::runtime_error(why + kNothing); }

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

bool allUpper(const std::string& w) {
    if (w.empty()) return false;
    for (char c : w)
        if (c < 'A' || c > 'Z') return false;
    return true;
}
}  // namespace

std::vector<std::string> TenantImport::outsideSchema(const std::string& listing,
                                                     const std::string& schema) {
    // A line: "ID; TABLEOID OID DESC... NAMESPACE TAG... OWNER", DESC being one to three
    // upper-case words ("TABLE DATA", "FK CONSTRAINT"), NAMESPACE "-" for a schema itself.
    std::vector<std::string> out;
    std::istringstream lines(listing);
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line[0] == ';') continue;
        std::istringstream words(line);
        std::vector<std::string> w;
        for (std::string x; words >> x;) w.push_back(x);
        std::size_t i = 3;
        std::string desc;
        while (i < w.size() && allUpper(w[i])) desc += (desc.empty() ? "" : " ") + w[i++];
        bool ok = i < w.size() && (w[i] == schema || (desc == "SCHEMA" && w[i] == "-" &&
                                                      i + 1 < w.size() && w[i + 1] == schema));
        if (!ok) out.push_back(line);
    }
    return out;
}

std::vector<SchemaSecret> TenantImport::resealForHere(
    TenantBundle& b, const std::optional<std::string>& passphrase) {
    std::vector<SchemaSecret> schemaSecrets;
    if (!b.sealedByPassphrase()) {
        if (passphrase)
            throw refused(
                "this file's secrets are sealed with the exporting host's key file, not a "
                "passphrase: import it without --passphrase-stdin");
        for (const auto& k : b.keys)
            if (!SealedSecrets::open(box_, k.sealedSecret, k.kid))
                throw refused(
                    "the signing keys in this file were sealed with another secret key file "
                    "than this host's: export with --passphrase-stdin, or import where the "
                    "exporting host's key file is");
        return schemaSecrets;
    }
    if (!passphrase)
        throw refused(
            "this file's secrets are sealed under a passphrase: give it with "
            "--passphrase-stdin");
    util::PassphraseBox pass(*passphrase, b.kdf);
    auto check = pass.open(b.check, TenantBundle::kCheckAad);
    if (!check || *check != TenantBundle::kCheckText)
        throw refused("wrong passphrase (or the file was changed)");
    std::set<std::string> keysDone, settingsDone;
    for (const auto& s : b.secrets) {
        if (!SealedSecrets::knownKind(s.kind))
            throw refused("unknown kind of secret '" + s.kind + "' in the file");
        auto plain = pass.open(s.sealed, s.aad());
        if (!plain) throw refused(s.kind + " " + s.ref + " does not open: the file was changed");
        std::string sealed =
            SealedSecrets::seal(box_, *plain, SealedSecrets::aad(s.kind, b.id, s.ref));
        if (s.kind == "signing_key") {
            for (auto& k : b.keys)
                if (k.kid == s.ref) k.sealedSecret = sealed;
            keysDone.insert(s.ref);
        } else if (s.kind == "setting") {
            b.settingsJson = SealedSecrets::withSetting(b.settingsJson, s.ref, sealed);
            settingsDone.insert(s.ref);
        } else {
            schemaSecrets.push_back({s.kind, s.ref, sealed});
        }
    }
    // Whatever sealed value the file has no passphrase copy of would not open here.
    for (const auto& k : b.keys)
        if (!keysDone.count(k.kid))
            throw refused("signing key " + k.kid + " has no secret in the file");
    for (const auto& path : tenant::TenantSettings::secretPaths())
        if (!settingsDone.count(path) && !SealedSecrets::settingAt(b.settingsJson, path).empty())
            throw refused("setting " + path + " has no secret in the file");
    return schemaSecrets;
}

TenantBundle TenantImport::run(const std::string& path,
                               const std::optional<std::string>& passphrase) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot open");
    TenantBundle b = TenantBundle::readHead(in);
    const std::streampos archive = in.tellg();

    std::set<std::string> known;
    for (const db::EmbeddedSql& f : db::embeddedSql())
        if (std::string(f.scope) == "tenant") known.insert(f.name);
    for (const auto& m : b.migrations)
        if (!known.count(m))
            throw refused("the tenant's schema has migration " + m +
                          ", which this tenantauthctl does not know: upgrade tenantauth here "
                          "first");
    const std::string pgRestore = db::PgTools::find("pg_restore");
    const std::string version = db::PgTools::version(pgRestore);
    if (db::PgTools::major(version) < db::PgTools::major(b.pgDumpVersion))
        throw refused("the schema was dumped by pg_dump " + b.pgDumpVersion + "; " + pgRestore +
                      " is " + version + ": pg_restore " +
                      std::to_string(db::PgTools::major(b.pgDumpVersion)) + " or newer is needed");
    std::vector<SchemaSecret> schemaSecrets = resealForHere(b, passphrase);

    TenantMoveStore store(c_);
    store.lockImports();
    std::vector<std::string> clashes = store.clashes(b);
    if (!clashes.empty()) throw refused(join(clashes, "; "));

    std::ostringstream listing;
    if (tools_.run(pgRestore, {"--list"}, &in, &listing, false) != 0)
        throw refused("pg_restore cannot read the dump in " + path);
    std::vector<std::string> outside = outsideSchema(listing.str(), b.schema);
    if (!outside.empty())
        throw refused("the dump holds " + std::to_string(outside.size()) +
                      " object(s) outside schema " + b.schema + ", e.g. \"" + outside[0] + "\"");

    in.clear();
    in.seekg(archive);
    // One transaction: when pg_restore fails, nothing of the schema stays.
    int rc = tools_.run(pgRestore,
                        {"--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges",
                         "--no-tablespaces"},
                        &in, nullptr);
    if (rc != 0) throw refused("pg_restore failed (exit " + std::to_string(rc) + ")");

    // The restored objects belong to the login role; the tenant's own role takes them
    // over, as `tenant add` would have made them (sql/control/004).
    tenant::TenantRoleStore roles(c_);
    const db::Scope scope{roles.nameFor(b.slug), db::quoteIdent(b.schema)};
    try {
        store.quietNotices();
        roles.ensure(scope.role);
        {
            db::Transaction tx(c_);
            roles.adopt(b.schema, scope.role);
            tx.commit();
        }
        // Brings a schema from an older tenantauth up to this one's migrations.
        db::Migrator(c_).migrateTenant(b.schema, scope.role);
        db::Transaction tx(c_);
        for (const auto& s : schemaSecrets) store.setSchemaSecret(scope, s);
        store.insertControlRows(b, scope.role);
        tx.commit();
    } catch (const std::exception& e) {
        // PostgreSQL's errors go on with DETAIL and CONTEXT lines; the reason is the first.
        std::string why = e.what();
        why = why.substr(0, why.find('\n'));
        if (auto* q = dynamic_cast<const db::QueryError*>(&e); q && q->uniqueViolation())
            why = "the tenant, a host or a signing key appeared here meanwhile (" + why + ")";
        try {
            db::Transaction tx(c_);
            db::Migrator(c_).dropTenant(b.schema, scope.role);
            roles.drop(scope.role);
            tx.commit();
        } catch (const std::exception& d) {
            throw std::runtime_error(why + "; and dropping the restored schema failed (" +
                                     d.what() + "): drop it by hand: DROP SCHEMA " + b.schema +
                                     " CASCADE");
        }
        throw refused(why);
    }
    return b;
}

}  // namespace ta::move
