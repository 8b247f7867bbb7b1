// Helpers for the tenant-administration integration tests: the seeded tenant admins,
// tenants of a test's own, users of a given authority, JSON requests with any method,
// and small JSON/psql conveniences.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <set>
#include <string>

#include "HttpClient.h"
#include "HttpResponse.h"
#include "ItEnv.h"
#include "ItUser.h"

namespace ta::test {

// A tenant made by a test (ItAdmin::makeTenant), with its one ADMIN.
struct ItOwnTenant {
    std::string slug;
    std::string host;
    ItUser admin;  // email, password, id, accessToken (logged in when made)
};

class ItAdmin {
public:
    // TA_ADMIN_PASSWORD (throws when unset).
    static std::string seededPassword();
    // admin@alpha.test for "alpha.test", admin@beta.test for "beta.test".
    static std::string seededEmail(const std::string& host);
    // Access token of the seeded admin of `host`'s tenant (alpha.test / beta.test),
    // kept for a few minutes per host.
    static std::string token(const std::string& host = "alpha.test");
    // The seeded admin's user id.
    static std::string seededId(const std::string& host = "alpha.test");

    // A new tenant (slug prefix_<unique>, host <slug with '-'>.test) with one ADMIN,
    // after waiting for the daemon's workers to know it (5.5 s).
    static ItOwnTenant makeTenant(const std::string& prefix);
    // makeTenant(prefix) made once per process and `prefix`, then the same one: a
    // suite's own tenant, shared by its tests.
    static ItOwnTenant& tenantOnce(const std::string& prefix);

    // A freshly registered user of `host`, changed to `authority` by `adminToken` (when
    // not USER) and logged in again so that its access token carries the authority.
    static ItUser userWith(const std::string& authority, const std::string& host = "alpha.test",
                           const std::string& adminToken = "");

    // METHOD path with a JSON body (Content-Type: application/json) and Bearer token.
    static HttpResponse json(const std::string& method, const std::string& path,
                             const std::string& body, const std::string& token,
                             const std::string& host = "alpha.test",
                             const HttpClient::Headers& extra = {});
    // GET path with Bearer token.
    static HttpResponse get(const std::string& path, const std::string& token,
                            const std::string& host = "alpha.test",
                            const HttpClient::Headers& extra = {});
    // METHOD path with a Bearer token and no body.
    static HttpResponse send(const std::string& method, const std::string& path,
                             const std::string& token, const std::string& host = "alpha.test");

    // PATCH /api/admin/users/{id} as `adminToken`.
    static HttpResponse patchUser(const std::string& id, const std::string& body,
                                  const std::string& adminToken,
                                  const std::string& host = "alpha.test");

    // Runs `psql "$TA_DSN" -Atc sql`; throws unless it exits 0. Returns stdout.
    static std::string psql(const std::string& sql);
    static std::string shellQuote(const std::string& s);
    // Percent-encodes everything but unreserved characters (for path segments).
    static std::string urlEncode(const std::string& s);

    // "" when `r` is `code` with the JSON error `text` (text "" = any); else a line
    // "label: expected CODE text, got ..." for collecting several checks in one test.
    static std::string mismatch(const std::string& label, int code, const std::string& text,
                                const HttpResponse& r);

    // Member names of a JSON object.
    static std::set<std::string> names(const Poco::JSON::Object::Ptr& o);
    // Compact JSON text of an object.
    static std::string stringify(const Poco::JSON::Object::Ptr& o);
    // ISO 8601 UTC with milliseconds: 2024-01-15T10:30:00.000Z.
    static bool isTimestamp(const std::string& s);
    // `member` of `o` is JSON null (present and null).
    static bool isNull(const Poco::JSON::Object::Ptr& o, const std::string& member);
};

}  // namespace ta::test
