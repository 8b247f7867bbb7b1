#include "tenant/TenantSettings.h"

#include <Poco/JSON/Parser.h>

#include <sstream>

#include "domain/Refusal.h"

namespace ta::tenant {

namespace {
enum class Kind { Int, Bool, Text, Url, Choice, Secret };

struct Field {
    const char* group;  // "" for a top-level key
    const char* key;
    Kind kind;
    int lo, hi;  // Int range; Text/Url: hi is the maximum length
    int TenantSettings::*number;
    bool TenantSettings::*flag;
    std::string TenantSettings::*text;
};

constexpr int kUrlMax = 2048;
constexpr int kTextMax = 512;

Field num(const char* g, const char* k, int lo, int hi, int TenantSettings::*m) {
    return {g, k, Kind::Int, lo, hi, m, nullptr, nullptr};
}
Field str(const char* g, const char* k, Kind kind, std::string TenantSettings::*m) {
    return {g, k, kind, 0, kind == Kind::Url ? kUrlMax : kTextMax, nullptr, nullptr, m};
}

// Every setting, in API.md's order. bcryptCost's floor is 10 (4 in development,
// see patched()).
const Field kFields[] = {
    num("", "accessTokenTtl", 60, 86400, &TenantSettings::accessTokenTtl),
    num("", "refreshTokenTtl", 300, 31536000, &TenantSettings::refreshTokenTtl),
    num("", "refreshReuseGraceSeconds", 0, TenantSettings::kMaxRefreshReuseGrace,
        &TenantSettings::refreshReuseGraceSeconds),
    num("", "maxSessionAge", 300, 315360000, &TenantSettings::maxSessionAge),
    num("", "bcryptCost", 10, 15, &TenantSettings::bcryptCost),
    str("", "twofaSetup", Kind::Choice, &TenantSettings::twofaSetup),
    num("loginLockout", "maxFailures", 1, 1000, &TenantSettings::lockoutMaxFailures),
    num("loginLockout", "windowSeconds", 1, 86400, &TenantSettings::lockoutWindowSeconds),
    num("loginLockout", "lockSeconds", 1, 86400, &TenantSettings::lockoutLockSeconds),
    str("urls", "resetPassword", Kind::Url, &TenantSettings::urlResetPassword),
    str("urls", "verifyEmail", Kind::Url, &TenantSettings::urlVerifyEmail),
    str("urls", "oauthSuccess", Kind::Url, &TenantSettings::urlOauthSuccess),
    str("smtp", "host", Kind::Text, &TenantSettings::smtpHost),
    num("smtp", "port", 1, 65535, &TenantSettings::smtpPort),
    {"smtp", "starttls", Kind::Bool, 0, 0, nullptr, &TenantSettings::smtpStarttls, nullptr},
    str("smtp", "username", Kind::Text, &TenantSettings::smtpUsername),
    str("smtp", "password", Kind::Secret, &TenantSettings::smtpPassword),
    str("smtp", "from", Kind::Text, &TenantSettings::smtpFrom),
    str("github", "clientId", Kind::Text, &TenantSettings::githubClientId),
    str("github", "clientSecret", Kind::Secret, &TenantSettings::githubClientSecret),
    str("github", "redirectUri", Kind::Url, &TenantSettings::githubRedirectUri),
    str("github", "authorizeUrl", Kind::Url, &TenantSettings::githubAuthorizeUrl),
    str("github", "tokenUrl", Kind::Url, &TenantSettings::githubTokenUrl),
    str("github", "apiUrl", Kind::Url, &TenantSettings::githubApiUrl),
    str("google", "clientId", Kind::Text, &TenantSettings::googleClientId),
    str("google", "clientSecret", Kind::Secret, &TenantSettings::googleClientSecret),
    str("google", "redirectUri", Kind::Url, &TenantSettings::googleRedirectUri),
    str("google", "authorizeUrl", Kind::Url, &TenantSettings::googleAuthorizeUrl),
    str("google", "tokenUrl", Kind::Url, &TenantSettings::googleTokenUrl),
    str("google", "userinfoUrl", Kind::Url, &TenantSettings::googleUserinfoUrl),
};

std::string pathOf(const Field& f) {
    return *f.group ? std::string(f.group) + "." + f.key : std::string(f.key);
}

bool isUrl(const std::string& v) {
    if (v.empty()) return true;
    auto scheme = v.rfind("https://", 0) == 0 ? 8u : v.rfind("http://", 0) == 0 ? 7u : 0u;
    if (scheme == 0 || v.size() == scheme) return false;
    for (unsigned char c : v)
        if (c <= ' ' || c == 0x7f || c == '"' || c == '<' || c == '>' || c == '\\') return false;
    return true;
}

bool plainText(const std::string& v) {
    for (unsigned char c : v)
        if (c < ' ' || c == 0x7f) return false;
    return true;
}

// The value of `f` in `o` (a group object or the root), or nullptr when absent.
const Poco::Dynamic::Var* find(const Poco::JSON::Object& o, const char* key,
                               Poco::Dynamic::Var& slot) {
    if (!o.has(key)) return nullptr;
    slot = o.get(key);
    return &slot;
}

[[noreturn]] void invalid(const std::string& message) {
    throw domain::Refusal(domain::Reason::Invalid, message);
}

// Sets `f` on `s` from `v`; throws Refusal naming the key when `v` does not fit.
void assign(TenantSettings& s, const Field& f, const Poco::Dynamic::Var& v, int lo,
            const TenantSettings::Sealer* seal) {
    const std::string path = pathOf(f);
    switch (f.kind) {
        case Kind::Int: {
            bool integral = v.isInteger() ||
                            (v.isNumeric() &&
                             v.convert<double>() == static_cast<double>(v.convert<long long>()));
            if (v.isString() || v.isBoolean() || !integral)
                invalid(path + " must be an integer from " + std::to_string(lo) + " to " +
                        std::to_string(f.hi));
            long long n = v.convert<long long>();
            if (n < lo || n > f.hi)
                invalid(path + " must be an integer from " + std::to_string(lo) + " to " +
                        std::to_string(f.hi));
            s.*f.number = static_cast<int>(n);
            return;
        }
        case Kind::Bool:
            if (!v.isBoolean()) invalid(path + " must be true or false");
            s.*f.flag = v.convert<bool>();
            return;
        default:
            break;
    }
    if (!v.isString()) invalid(path + " must be a string");
    std::string text = v.convert<std::string>();
    if (static_cast<int>(text.size()) > f.hi)
        invalid(path + " must be at most " + std::to_string(f.hi) + " bytes");
    switch (f.kind) {
        case Kind::Choice:
            if (text != "ADMIN" && text != "ALL") invalid(path + " must be ADMIN or ALL");
            break;
        case Kind::Url:
            if (!isUrl(text)) invalid(path + " must be an http:// or https:// URL, or empty");
            break;
        case Kind::Secret:
            if (!plainText(text)) invalid(path + " must not contain control characters");
            if (text == TenantSettings::kMask) return;  // GET's mask sent back: unchanged
            if (seal && !text.empty()) text = (*seal)(path, text);
            break;
        default:
            if (!plainText(text)) invalid(path + " must not contain control characters");
    }
    s.*f.text = text;
}

bool sameValue(const TenantSettings& a, const TenantSettings& b, const Field& f) {
    if (f.number) return a.*f.number == b.*f.number;
    if (f.flag) return a.*f.flag == b.*f.flag;
    return a.*f.text == b.*f.text;
}

Poco::Dynamic::Var valueOf(const TenantSettings& s, const Field& f, bool masked) {
    if (f.number) return s.*f.number;
    if (f.flag) return s.*f.flag;
    if (masked && f.kind == Kind::Secret)
        return std::string((s.*f.text).empty() ? "" : TenantSettings::kMask);
    return s.*f.text;
}

Poco::JSON::Object::Ptr render(const TenantSettings& s, bool masked) {
    Poco::JSON::Object::Ptr root = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const Field& f : kFields) {
        Poco::JSON::Object::Ptr into = root;
        if (*f.group) {
            if (!root->has(f.group))
                root->set(f.group, Poco::JSON::Object::Ptr(
                                       new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER)));
            into = root->getObject(f.group);
        }
        into->set(f.key, valueOf(s, f, masked));
    }
    return root;
}
}  // namespace

TenantSettings TenantSettings::fromJson(const std::string& json) {
    TenantSettings s;
    if (json.empty()) return s;
    Poco::JSON::Object::Ptr root;
    try {
        root = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (...) {
        return s;
    }
    for (const Field& f : kFields) {
        try {
            Poco::JSON::Object::Ptr from = root;
            if (*f.group) from = root->getObject(f.group);
            Poco::Dynamic::Var slot;
            if (!from) continue;
            // Stored values are trusted down to 1 (4 for bcrypt): hand-set test tenants.
            int lo = f.number == &TenantSettings::bcryptCost ? 4 : 1;
            if (const auto* v = find(*from, f.key, slot)) assign(s, f, *v, lo, nullptr);
        } catch (...) {
            // Keep the default of a key that does not fit.
        }
    }
    return s;
}

std::string TenantSettings::toStoredJson() const {
    std::ostringstream out;
    render(*this, false)->stringify(out);
    return out.str();
}

std::vector<std::string> TenantSettings::secretPaths() {
    std::vector<std::string> out;
    for (const Field& f : kFields)
        if (f.kind == Kind::Secret) out.push_back(pathOf(f));
    return out;
}

Poco::JSON::Object::Ptr TenantSettings::toPublicJson() const { return render(*this, true); }

TenantSettings TenantSettings::patched(const Poco::JSON::Object& patch, bool development,
                                       const Sealer& seal,
                                       std::vector<std::string>& changed) const {
    TenantSettings next = *this;
    for (const auto& [key, value] : patch) {
        bool known = false;
        for (const Field& f : kFields) {
            if (*f.group ? key != f.group : key != f.key) continue;
            known = true;
            if (!*f.group) {
                int lo = (f.number == &TenantSettings::bcryptCost && development) ? 4 : f.lo;
                assign(next, f, value, lo, &seal);
            }
        }
        if (!known) invalid(key + " is not a setting");
        bool group = false;
        for (const Field& f : kFields) group = group || key == f.group;
        if (!group) continue;
        if (value.type() != typeid(Poco::JSON::Object::Ptr)) invalid(key + " must be an object");
        auto inner = value.extract<Poco::JSON::Object::Ptr>();
        for (const auto& [sub, subValue] : *inner) {
            const Field* match = nullptr;
            for (const Field& f : kFields)
                if (key == f.group && sub == f.key) match = &f;
            if (!match) invalid(key + "." + sub + " is not a setting");
            assign(next, *match, subValue, match->lo, &seal);
        }
    }
    for (const Field& f : kFields)
        if (!sameValue(*this, next, f)) changed.push_back(pathOf(f));
    return next;
}

}  // namespace ta::tenant
