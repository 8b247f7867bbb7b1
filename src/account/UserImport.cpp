#include "account/UserImport.h"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <regex>
#include <stdexcept>

#include "credential/PasswordHasher.h"
#include "db/Connection.h"
#include "identity/Email.h"
#include "identity/User.h"

namespace ta::account {

namespace {
using Poco::JSON::Object;

std::optional<std::string> text(const Object& o, const char* field, size_t max) {
    if (!o.has(field) || o.isNull(field)) return std::nullopt;
    Poco::Dynamic::Var v = o.get(field);
    if (!v.isString()) throw std::invalid_argument(std::string(field) + " must be a string");
    std::string s = v.extract<std::string>();
    if (s.find('\0') != std::string::npos)
        throw std::invalid_argument(std::string(field) + " must not contain NUL characters");
    if (s.size() > max)
        throw std::invalid_argument(std::string(field) + " must be at most " + std::to_string(max) +
                                    " bytes");
    return s;
}
}  // namespace

bool UserImport::validTimestamp(const std::string& s) {
    // What the seeds' services write (JavaScript's toISOString) and what PostgreSQL
    // reads back: a date, a time, optional fraction, and Z or an offset.
    static const std::regex iso(
        R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[T ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):?[0-5]\d))");
    return std::regex_match(s, iso);
}

ImportRecord UserImport::parseLine(const std::string& line) {
    Object::Ptr o;
    try {
        Poco::Dynamic::Var v = Poco::JSON::Parser().parse(line);
        o = v.extract<Object::Ptr>();
    } catch (const std::exception&) {
        throw std::invalid_argument("not a JSON object");
    }
    if (!o) throw std::invalid_argument("not a JSON object");
    static const char* const known[] = {"email",          "username",   "full_name",    "authority",
                                        "email_verified", "created_at", "password_hash"};
    for (const auto& [key, value] : *o) {
        bool ok = false;
        for (const char* k : known) ok = ok || key == k;
        if (!ok) throw std::invalid_argument(key + " is not a known field");
    }
    ImportRecord r;
    auto email = text(*o, "email", 254);
    if (!email) throw std::invalid_argument("email is required");
    if (!identity::Email::valid(*email))
        throw std::invalid_argument("email is not a valid email address");
    r.user.email = *email;
    r.user.username = text(*o, "username", 64);
    if (r.user.username && !identity::User::validUsername(*r.user.username))
        throw std::invalid_argument("username must be 1 to 64 letters, digits, '.', '_' or '-'");
    r.user.fullName = text(*o, "full_name", 200);
    r.user.authority = text(*o, "authority", 16).value_or("USER");
    if (!identity::User::validAuthority(r.user.authority))
        throw std::invalid_argument("authority must be USER, DEVELOPER or ADMIN");
    if (o->has("email_verified") && !o->isNull("email_verified")) {
        Poco::Dynamic::Var v = o->get("email_verified");
        if (v.type() != typeid(bool))
            throw std::invalid_argument("email_verified must be a boolean");
        r.emailVerified = v.extract<bool>();
    }
    r.createdAt = text(*o, "created_at", 40);
    if (r.createdAt && !validTimestamp(*r.createdAt))
        throw std::invalid_argument("created_at must be an ISO 8601 timestamp with a time zone");
    auto hash = text(*o, "password_hash", 60);
    if (hash && credential::PasswordHasher::bcryptCost(*hash) == 0)
        throw std::invalid_argument("password_hash must be a bcrypt hash ($2a$, $2b$ or $2y$)");
    r.user.passwordHash = hash.value_or("");
    return r;
}

UserImport::Report UserImport::run(const tenant::Tenant& t, std::istream& in, bool skipInvalid) {
    Report report;
    std::vector<std::pair<int, ImportRecord>> records;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        try {
            records.emplace_back(n, parseLine(line));
        } catch (const std::invalid_argument& e) {
            report.invalid.push_back("line " + std::to_string(n) + ": " + e.what());
        }
    }
    if (!report.invalid.empty() && !skipInvalid) return report;
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    identity::UserStore users(*lease, t);
    std::vector<std::string> taken;  // usernames refused, reported after the others
    for (const auto& [n, r] : records) {
        switch (users.importUser(r.user, r.emailVerified, r.createdAt)) {
            case identity::UserStore::Conflict::None: {
                ++report.imported;
                int cost = credential::PasswordHasher::bcryptCost(r.user.passwordHash);
                if (cost > t.settings.bcryptCost) ++report.costlier;
                report.dearest = std::max(report.dearest, cost);
                break;
            }
            case identity::UserStore::Conflict::Email:
                ++report.present;
                break;
            case identity::UserStore::Conflict::Username:
                report.invalid.push_back("line " + std::to_string(n) + ": username " +
                                         *r.user.username + " belongs to another user");
                break;
        }
    }
    if (!report.invalid.empty() && !skipInvalid) {
        report.imported = 0;
        report.present = 0;
        report.costlier = 0;
        return report;  // the transaction rolls back
    }
    tx.commit();
    return report;
}

}  // namespace ta::account
