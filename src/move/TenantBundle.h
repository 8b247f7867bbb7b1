#pragma once
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "util/PassphraseBox.h"

namespace ta::move {

// One tenant as `tenantauthctl tenant export` writes it (man tenantauthctl(8), "FILE FORMAT"):
//
//   tenantauth-tenant-export 1\n      the header line
//   {...}\n                           the manifest: this struct as one line of JSON
//   PGDMP...                          pg_dump --format=custom of the tenant's schema, to EOF
//
// The manifest holds the control rows (tenants, tenant_hosts, signing_keys, mail_queue)
// as they were, and, when the export was sealed under a passphrase, every sealed secret
// of the tenant opened and sealed again under it (`secrets`).
struct TenantBundle {
    static constexpr const char* kHeader = "tenantauth-tenant-export 1";

    struct Key {
        std::string kid;
        std::string sealedSecret;  // as stored: sealed under the exporting host's key file
        std::string createdAt;     // timestamptz text
        std::optional<std::string> retiredAt;
    };
    // A secret sealed under the passphrase. kind: signing_key (ref kid), setting (ref the
    // setting's path), totp_secret / totp_pending_secret (ref user id), mail_body (ref
    // mail_outbox id). The AAD is "kind:ref", so no value can be moved to another place.
    struct Secret {
        std::string kind;
        std::string ref;
        std::string sealed;  // raw bytes
        std::string aad() const { return kind + ":" + ref; }
    };

    std::string exportedAt;
    std::string pgDumpVersion;  // "15.18": pg_restore must be this major version or newer
    std::string schema;
    std::vector<std::string> migrations;  // sql/tenant files applied to the schema

    std::string id;
    std::string slug;
    std::string name;
    bool disabled = false;
    std::string settingsJson;
    std::string createdAt;
    std::string updatedAt;
    std::vector<std::string> hosts;
    std::vector<Key> keys;
    std::optional<std::string> mailDueAt;

    // "keyfile": secrets stay sealed under the exporting host's key file (the default).
    // "passphrase": `kdf`, `check` and `secrets` are set.
    std::string keyMode = "keyfile";
    util::PassphraseBox::Params kdf;
    std::string check;  // kCheckText sealed under the passphrase, AAD kCheckAad
    std::vector<Secret> secrets;

    static constexpr const char* kCheckText = "tenantauth tenant export";
    static constexpr const char* kCheckAad = "check";

    bool sealedByPassphrase() const { return keyMode == "passphrase"; }

    // The header and manifest lines; the caller appends the archive.
    void writeHead(std::ostream& out) const;
    // Reads the header and manifest lines, leaving `in` at the archive. Throws
    // std::runtime_error saying what is wrong with the file.
    static TenantBundle readHead(std::istream& in);

    std::string manifestJson() const;
    static TenantBundle fromManifest(const std::string& json);
};

}  // namespace ta::move
