#include "ItAdmin.h"

#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "ItTenant.h"

namespace ta::test {

namespace {
struct CachedToken {
    std::string token;
    std::string id;
    std::chrono::steady_clock::time_point at;
};
std::mutex cacheMutex;
std::map<std::string, CachedToken> cache;

CachedToken seededLogin(const std::string& host) {
    std::lock_guard<std::mutex> lock(cacheMutex);
    auto now = std::chrono::steady_clock::now();
    auto it = cache.find(host);
    if (it != cache.end() && now - it->second.at < std::chrono::minutes(4)) return it->second;
    ItUser u = ItEnv::loginUser(ItAdmin::seededEmail(host), ItAdmin::seededPassword(), host);
    CachedToken c{u.accessToken, u.id, now};
    cache[host] = c;
    return c;
}
}  // namespace

std::string ItAdmin::seededPassword() {
    std::string p = ItEnv::var("TA_ADMIN_PASSWORD");
    if (p.empty()) throw std::runtime_error("TA_ADMIN_PASSWORD is not set");
    return p;
}

std::string ItAdmin::seededEmail(const std::string& host) {
    std::string tenant = host.substr(0, host.find('.'));
    return "admin@" + tenant + ".test";
}

std::string ItAdmin::token(const std::string& host) { return seededLogin(host).token; }

std::string ItAdmin::seededId(const std::string& host) { return seededLogin(host).id; }

ItOwnTenant ItAdmin::makeTenant(const std::string& prefix) {
    ItTenant made = ItTenant::create(prefix);
    ItOwnTenant t;
    t.slug = made.slug;
    t.host = made.host;
    t.admin = ItEnv::loginUser(made.adminEmail, made.adminPassword, made.host);
    return t;
}

ItOwnTenant& ItAdmin::tenantOnce(const std::string& prefix) {
    static std::map<std::string, std::unique_ptr<ItOwnTenant>> made;
    static std::mutex m;
    std::lock_guard<std::mutex> lock(m);
    auto& t = made[prefix];
    if (!t) t = std::make_unique<ItOwnTenant>(makeTenant(prefix));
    return *t;
}

ItUser ItAdmin::userWith(const std::string& authority, const std::string& host,
                         const std::string& adminToken) {
    ItUser u = ItEnv::registerUser(host);
    if (authority == "USER") return u;
    std::string admin = adminToken.empty() ? token(host) : adminToken;
    HttpResponse r =
        patchUser(u.id, "{\"authority\":" + ItEnv::quote(authority) + "}", admin, host);
    if (r.status != 200)
        throw std::runtime_error("making " + u.email + " " + authority +
                                 " failed: " + r.describe());
    return ItEnv::loginUser(u.email, u.password, host);
}

HttpResponse ItAdmin::json(const std::string& method, const std::string& path,
                           const std::string& body, const std::string& token,
                           const std::string& host, const HttpClient::Headers& extra) {
    HttpClient::Headers h = extra;
    h.emplace_back("Content-Type", "application/json");
    if (!token.empty()) h.emplace_back("Authorization", ItEnv::bearer(token));
    return HttpClient().send(method, path, h, body, host);
}

HttpResponse ItAdmin::get(const std::string& path, const std::string& token,
                          const std::string& host, const HttpClient::Headers& extra) {
    HttpClient::Headers h = extra;
    if (!token.empty()) h.emplace_back("Authorization", ItEnv::bearer(token));
    return HttpClient().get(path, h, host);
}

HttpResponse ItAdmin::send(const std::string& method, const std::string& path,
                           const std::string& token, const std::string& host) {
    HttpClient::Headers h;
    if (!token.empty()) h.emplace_back("Authorization", ItEnv::bearer(token));
    return HttpClient().send(method, path, h, "", host);
}

HttpResponse ItAdmin::patchUser(const std::string& id, const std::string& body,
                                const std::string& adminToken, const std::string& host) {
    return json("PATCH", "/api/admin/users/" + urlEncode(id), body, adminToken, host);
}

std::string ItAdmin::shellQuote(const std::string& s) {
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::string ItAdmin::psql(const std::string& sql) {
    auto r = ItEnv::run("psql -q -v ON_ERROR_STOP=1 -At " + shellQuote(ItEnv::var("TA_DSN")) +
                        " -c " + shellQuote(sql));
    if (r.exitCode != 0) throw std::runtime_error("psql failed: " + r.describe());
    return r.out;
}

std::string ItAdmin::urlEncode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

std::string ItAdmin::mismatch(const std::string& label, int code, const std::string& text,
                              const HttpResponse& r) {
    bool ok = r.status == code && (text.empty() || r.errorMessage() == text) &&
              (text.empty() || r.header("Content-Type").rfind("application/json", 0) == 0);
    if (ok) return "";
    return "\n  " + label + ": expected " + std::to_string(code) +
           (text.empty() ? "" : " " + text) + ", got " + r.describe();
}

std::set<std::string> ItAdmin::names(const Poco::JSON::Object::Ptr& o) {
    std::set<std::string> out;
    if (!o) return out;
    for (const auto& kv : *o) out.insert(kv.first);
    return out;
}

std::string ItAdmin::stringify(const Poco::JSON::Object::Ptr& o) {
    std::ostringstream s;
    Poco::JSON::Stringifier::stringify(o, s);
    return s.str();
}

bool ItAdmin::isTimestamp(const std::string& s) {
    static const std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)");
    return std::regex_match(s, iso);
}

bool ItAdmin::isNull(const Poco::JSON::Object::Ptr& o, const std::string& member) {
    return o && o->has(member) && o->isNull(member);
}

}  // namespace ta::test
