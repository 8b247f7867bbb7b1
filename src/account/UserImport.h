#pragma once
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "db/Pool.h"
#include "identity/UserStore.h"
#include "tenant/Tenant.h"

namespace ta::account {

// One line of a `tenantauthctl user import` file, checked.
struct ImportRecord {
    identity::NewUser user;  // passwordHash as given ($2a$/$2b$/$2y$), or "" for none
    bool emailVerified = false;
    std::optional<std::string> createdAt;  // ISO 8601
};

// Users moved in from another service (the seeds' Node services keep bcrypt hashes):
// JSON lines of email, and optionally username, full_name, authority,
// email_verified, created_at and password_hash. The whole file goes in one
// transaction: with an invalid line nothing is imported, unless skipInvalid, which
// imports the valid lines and reports the others. An email already in the tenant
// (or earlier in the file) is left as it is, so importing a file twice changes
// nothing. Imported hashes are kept; the first login re-hashes them the tenant's way.
// Report::dearest tells the caller the highest cost imported (see user import).
class UserImport {
public:
    struct Report {
        int imported = 0;
        int present = 0;                   // the email was there already
        std::vector<std::string> invalid;  // "line N: why"
        int costlier = 0;                  // hashes dearer than the tenant's bcrypt cost
        int dearest = 0;                   // the highest cost imported
    };

    explicit UserImport(db::Pool& pool) : pool_(pool) {}
    Report run(const tenant::Tenant& t, std::istream& in, bool skipInvalid);

    // Throws std::invalid_argument naming the field that is wrong.
    static ImportRecord parseLine(const std::string& line);
    static bool validTimestamp(const std::string& s);

private:
    db::Pool& pool_;
};

}  // namespace ta::account
