#include "identity/UserStore.h"

#include "db/DbError.h"

namespace ta::identity {

namespace {
const db::Query kById{"users.byId",
                      "SELECT " TA_USER_COLUMNS " FROM {schema}.users WHERE id = $1::uuid"};
const db::Query kByEmail{"users.byEmail", "SELECT " TA_USER_COLUMNS
                                          " FROM {schema}.users WHERE lower(email) = lower($1)"};
const db::Query kByLogin{
    "users.byLogin",
    "SELECT " TA_USER_COLUMNS
    " FROM {schema}.users WHERE lower(username) = lower($1) "
    "OR lower(email) = lower($1) ORDER BY lower(username) = lower($1) DESC NULLS LAST LIMIT 1"};
const db::Query kInsert{
    "users.insert",
    "WITH u AS (INSERT INTO {schema}.users (email, username, full_name, password_hash, authority) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING *), "
    "t AS (INSERT INTO {schema}.refresh_tokens (family_id, user_id, token_hash, expires_at) "
    "SELECT gen_random_uuid(), u.id, $6, to_timestamp($7) FROM u WHERE $6::text IS NOT NULL) "
    "SELECT " TA_USER_COLUMNS " FROM u"};

const db::Query kPage{"users.page",
                      "SELECT " TA_USER_PUBLIC_COLUMNS
                      " FROM {schema}.users ORDER BY created_at, id LIMIT $1 OFFSET $2"};
const db::Query kCount{"users.count", "SELECT count(*) FROM {schema}.users"};
const db::Query kLockById{"users.lockById", "SELECT " TA_USER_PUBLIC_COLUMNS
                                            " FROM {schema}.users WHERE id = $1::uuid FOR UPDATE"};
const db::Query kLockAdmins{"users.lockAdmins",
                            "SELECT id FROM {schema}.users WHERE authority = 'ADMIN' AND NOT "
                            "disabled ORDER BY id FOR UPDATE"};
const db::Query kUpdate{
    "users.update",
    "UPDATE {schema}.users SET authority = coalesce($2, authority), plan_id = coalesce($3, "
    "plan_id), "
    "disabled = coalesce($4::boolean, disabled), updated_at = now() WHERE id = $1::uuid "
    "RETURNING " TA_USER_PUBLIC_COLUMNS};

// Any unique key refusing leaves the row out; importUser then asks which one.
const db::Query kImport{
    "users.import",
    "INSERT INTO {schema}.users (email, username, full_name, password_hash, authority, "
    "email_verified, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6::boolean, "
    "coalesce($7::timestamptz, now()), coalesce($7::timestamptz, now())) "
    "ON CONFLICT DO NOTHING RETURNING id"};
const db::Query kEmailTaken{"users.emailTaken",
                            "SELECT 1 FROM {schema}.users WHERE lower(email) = lower($1)"};
const db::Query kSetPasswordHash{
    "users.setPasswordHash",
    "UPDATE {schema}.users SET password_hash = $2, updated_at = now() WHERE id = $1::uuid"};

std::optional<std::string> opt(const db::Result& r, int row, int col) {
    if (r.isNull(row, col)) return std::nullopt;
    return r.str(row, col);
}
}  // namespace

User UserStore::fromRow(const db::Result& r, int row) {
    User u;
    u.id = r.str(row, 0);
    u.email = r.str(row, 1);
    u.username = opt(r, row, 2);
    u.fullName = opt(r, row, 3);
    u.avatarUrl = opt(r, row, 4);
    u.emailVerified = r.boolean(row, 5);
    u.authority = r.str(row, 6);
    u.planId = r.str(row, 7);
    u.disabled = r.boolean(row, 8);
    u.totpEnabled = r.boolean(row, 9);
    u.passwordHash = r.str(row, 10);
    u.totpSecret = opt(r, row, 11);
    u.totpLastStep = r.int64(row, 12);
    u.createdAt = r.str(row, 13);
    u.updatedAt = r.str(row, 14);
    return u;
}

bool UserStore::validUuid(const std::string& s) {
    if (s.size() != 36) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !std::isxdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

std::optional<User> UserStore::findById(const std::string& id) {
    if (!validUuid(id)) return std::nullopt;
    db::Result r = c_.exec(t_.statement(kById), {id});
    if (r.empty()) return std::nullopt;
    return fromRow(r, 0);
}

std::optional<User> UserStore::findByEmail(const std::string& email) {
    db::Result r = c_.exec(t_.statement(kByEmail), {email});
    if (r.empty()) return std::nullopt;
    return fromRow(r, 0);
}

std::optional<User> UserStore::findByLogin(const std::string& login) {
    db::Result r = c_.exec(t_.statement(kByLogin), {login});
    if (r.empty()) return std::nullopt;
    return fromRow(r, 0);
}

std::optional<User> UserStore::insert(const NewUser& u, const std::string* refreshHash,
                                      std::int64_t refreshExpires, Conflict& conflict) {
    conflict = Conflict::None;
    try {
        db::Result r = c_.exec(t_.statement(kInsert),
                               {u.email, u.username, u.fullName, u.passwordHash, u.authority,
                                refreshHash ? refreshHash->c_str() : nullptr, refreshExpires});
        return fromRow(r, 0);
    } catch (const db::QueryError& e) {
        if (!e.uniqueViolation()) throw;
        conflict = e.constraint() == "users_username_key" ? Conflict::Username : Conflict::Email;
        return std::nullopt;
    }
}

UserStore::Conflict UserStore::importUser(const NewUser& u, bool emailVerified,
                                          const std::optional<std::string>& createdAt) {
    std::optional<std::string> hash;
    if (!u.passwordHash.empty()) hash = u.passwordHash;
    db::Result r = c_.exec(t_.statement(kImport), {u.email, u.username, u.fullName, hash,
                                                   u.authority, emailVerified, createdAt});
    if (!r.empty()) return Conflict::None;
    return c_.exec(t_.statement(kEmailTaken), {u.email}).empty() ? Conflict::Username
                                                                 : Conflict::Email;
}

void UserStore::setPasswordHash(const std::string& id, const std::string& hash) {
    c_.exec(t_.statement(kSetPasswordHash), {id, hash});
}

std::vector<User> UserStore::page(int limit, int offset) {
    db::Result r = c_.exec(t_.statement(kPage), {limit, offset});
    std::vector<User> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(fromRow(r, i));
    return out;
}

std::int64_t UserStore::count() { return c_.exec(t_.statement(kCount), {}).int64(0, 0); }

std::optional<User> UserStore::lockById(const std::string& id) {
    if (!validUuid(id)) return std::nullopt;
    db::Result r = c_.exec(t_.statement(kLockById), {id});
    if (r.empty()) return std::nullopt;
    return fromRow(r, 0);
}

std::vector<std::string> UserStore::lockActiveAdmins() {
    db::Result r = c_.exec(t_.statement(kLockAdmins), {});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.str(i, 0));
    return out;
}

User UserStore::update(const std::string& id, const UserChange& ch) {
    std::optional<std::string> disabled;
    if (ch.disabled) disabled = *ch.disabled ? "true" : "false";
    return fromRow(c_.exec(t_.statement(kUpdate), {id, ch.authority, ch.planId, disabled}), 0);
}

}  // namespace ta::identity
