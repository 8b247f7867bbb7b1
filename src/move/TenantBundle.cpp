#include "move/TenantBundle.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <istream>
#include <ostream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "tenant/Slug.h"
#include "util/Base64Url.h"

namespace ta::move {

namespace {
using Poco::JSON::Array;
using Poco::JSON::Object;

std::runtime_error bad(const std::string& what) {
    return std::runtime_error("not a usable tenant export: " + what);
}

std::string b64(const std::string& raw) { return util::Base64Url::encode(raw); }

std::string unb64(const std::string& text, const std::string& what) {
    auto raw = util::Base64Url::decode(text);
    if (!raw) throw bad(what + " is not base64url");
    return *raw;
}

std::string text(const Object::Ptr& o, const std::string& key) {
    if (!o || !o->has(key) || !o->get(key).isString()) throw bad("no text \"" + key + "\"");
    return o->getValue<std::string>(key);
}

std::optional<std::string> optText(const Object::Ptr& o, const std::string& key) {
    if (!o->has(key) || o->isNull(key)) return std::nullopt;
    return text(o, key);
}

Object::Ptr object(const Object::Ptr& o, const std::string& key) {
    Object::Ptr v = o->has(key) ? o->getObject(key) : nullptr;
    if (!v) throw bad("no object \"" + key + "\"");
    return v;
}

Array::Ptr array(const Object::Ptr& o, const std::string& key) {
    Array::Ptr v = o->has(key) ? o->getArray(key) : nullptr;
    if (!v) throw bad("no array \"" + key + "\"");
    return v;
}

std::uint64_t number(const Object::Ptr& o, const std::string& key) {
    if (!o->has(key) || !o->get(key).isInteger()) throw bad("no number \"" + key + "\"");
    return o->getValue<std::uint64_t>(key);
}

Array::Ptr strings(const std::vector<std::string>& v) {
    Array::Ptr a = new Array;
    for (const auto& s : v) a->add(s);
    return a;
}

std::vector<std::string> strings(const Array::Ptr& a, const std::string& key) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < a->size(); ++i) {
        if (!a->get(i).isString()) throw bad("\"" + key + "\" holds a non-text value");
        out.push_back(a->getElement<std::string>(i));
    }
    return out;
}

const std::regex kUuid("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
}  // namespace

std::string TenantBundle::manifestJson() const {
    Object::Ptr m = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    m->set("exportedAt", exportedAt);
    m->set("pgDump", pgDumpVersion);
    m->set("schema", schema);
    m->set("migrations", strings(migrations));
    Object::Ptr t = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    t->set("id", id);
    t->set("slug", slug);
    t->set("name", name);
    t->set("disabled", disabled);
    t->set("settings", Poco::JSON::Parser().parse(settingsJson).extract<Object::Ptr>());
    t->set("createdAt", createdAt);
    t->set("updatedAt", updatedAt);
    m->set("tenant", t);
    m->set("hosts", strings(hosts));
    Array::Ptr ks = new Array;
    for (const auto& k : keys) {
        Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        o->set("kid", k.kid);
        o->set("sealedSecret", k.sealedSecret);
        o->set("createdAt", k.createdAt);
        o->set("retiredAt", k.retiredAt ? Poco::Dynamic::Var(*k.retiredAt) : Poco::Dynamic::Var());
        ks->add(o);
    }
    m->set("signingKeys", ks);
    m->set("mailQueueDueAt", mailDueAt ? Poco::Dynamic::Var(*mailDueAt) : Poco::Dynamic::Var());
    m->set("keys", keyMode);
    if (sealedByPassphrase()) {
        Object::Ptr k = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        k->set("name", "scrypt");
        k->set("n", kdf.n);
        k->set("r", kdf.r);
        k->set("p", kdf.p);
        k->set("salt", b64(kdf.salt));
        m->set("kdf", k);
        m->set("cipher", "aes-256-gcm");
        m->set("check", b64(check));
        Array::Ptr ss = new Array;
        for (const auto& s : secrets) {
            Object::Ptr o = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
            o->set("kind", s.kind);
            o->set("ref", s.ref);
            o->set("sealed", b64(s.sealed));
            ss->add(o);
        }
        m->set("secrets", ss);
    }
    std::ostringstream out;
    m->stringify(out);
    return out.str();
}

TenantBundle TenantBundle::fromManifest(const std::string& json) {
    Object::Ptr m;
    try {
        m = Poco::JSON::Parser().parse(json).extract<Object::Ptr>();
    } catch (const std::exception&) {
        throw bad("the manifest is not a JSON object");
    }
    if (!m) throw bad("the manifest is not a JSON object");
    TenantBundle b;
    b.exportedAt = text(m, "exportedAt");
    b.pgDumpVersion = text(m, "pgDump");
    b.schema = text(m, "schema");
    b.migrations = strings(array(m, "migrations"), "migrations");
    Object::Ptr t = object(m, "tenant");
    b.id = text(t, "id");
    b.slug = text(t, "slug");
    b.name = text(t, "name");
    if (!t->has("disabled") || !t->get("disabled").isBoolean()) throw bad("no \"disabled\"");
    b.disabled = t->getValue<bool>("disabled");
    std::ostringstream settings;
    object(t, "settings")->stringify(settings);
    b.settingsJson = settings.str();
    b.createdAt = text(t, "createdAt");
    b.updatedAt = text(t, "updatedAt");
    if (!tenant::Slug::valid(b.slug)) throw bad("invalid slug '" + b.slug + "'");
    if (b.schema != tenant::Slug::schemaFor(b.slug))
        throw bad("schema '" + b.schema + "' is not the slug's (" +
                  tenant::Slug::schemaFor(b.slug) + ")");
    if (!std::regex_match(b.id, kUuid)) throw bad("tenant id '" + b.id + "' is not a uuid");
    b.hosts = strings(array(m, "hosts"), "hosts");
    for (const auto& h : b.hosts)
        if (!tenant::Slug::validHost(h)) throw bad("invalid host name '" + h + "'");
    Array::Ptr ks = array(m, "signingKeys");
    for (std::size_t i = 0; i < ks->size(); ++i) {
        Object::Ptr o = ks->getObject(i);
        if (!o) throw bad("a signing key is not an object");
        b.keys.push_back({text(o, "kid"), text(o, "sealedSecret"), text(o, "createdAt"),
                          optText(o, "retiredAt")});
    }
    b.mailDueAt = optText(m, "mailQueueDueAt");
    b.keyMode = text(m, "keys");
    if (b.keyMode == "passphrase") {
        Object::Ptr k = object(m, "kdf");
        if (text(k, "name") != "scrypt") throw bad("unknown key derivation " + text(k, "name"));
        if (text(m, "cipher") != "aes-256-gcm") throw bad("unknown cipher " + text(m, "cipher"));
        b.kdf.n = number(k, "n");
        b.kdf.r = static_cast<std::uint32_t>(std::min<std::uint64_t>(number(k, "r"), 1u << 20));
        b.kdf.p = static_cast<std::uint32_t>(std::min<std::uint64_t>(number(k, "p"), 1u << 20));
        b.kdf.salt = unb64(text(k, "salt"), "the salt");
        try {
            util::PassphraseBox::check(b.kdf);
        } catch (const std::invalid_argument& e) {
            throw bad(e.what());
        }
        b.check = unb64(text(m, "check"), "\"check\"");
        Array::Ptr ss = array(m, "secrets");
        for (std::size_t i = 0; i < ss->size(); ++i) {
            Object::Ptr o = ss->getObject(i);
            if (!o) throw bad("a secret is not an object");
            b.secrets.push_back(
                {text(o, "kind"), text(o, "ref"), unb64(text(o, "sealed"), "a secret")});
        }
    } else if (b.keyMode != "keyfile") {
        throw bad("unknown key mode '" + b.keyMode + "'");
    }
    return b;
}

void TenantBundle::writeHead(std::ostream& out) const {
    out << kHeader << '\n' << manifestJson() << '\n';
}

TenantBundle TenantBundle::readHead(std::istream& in) {
    std::string header;
    // The header is short; a binary file's first "line" may not be.
    char c;
    while (header.size() < 64 && in.get(c) && c != '\n') header += c;
    if (header != kHeader) {
        if (header.rfind("tenantauth-tenant-export ", 0) == 0)
            throw bad("format " + header.substr(25) + " is not known to this tenantauthctl (1)");
        throw bad("it does not start with \"" + std::string(kHeader) + "\"");
    }
    // One line, however many users have a TOTP secret in it (about 150 bytes each).
    std::string manifest;
    if (!std::getline(in, manifest) || in.eof()) throw bad("the file ends inside the manifest");
    return fromManifest(manifest);
}

}  // namespace ta::move
