#include "identity/UserStore.h"

#include "db/DbError.h"

namespace ta::identity {

namespace {
const db::Query kById{"users.byId", "SELECT " TA_USER_COLUMNS " FROM {schema}.users WHERE id = $1::uuid"};
const db::Query kByEmail{"users.byEmail",
    "SELECT " TA_USER_COLUMNS " FROM {schema}.users WHERE lower(email) = lower($1)"};
const db::Query kByLogin{"users.byLogin",
    "SELECT " TA_USER_COLUMNS " FROM {schema}.users WHERE lower(username) = lower($1) "
    "OR lower(email) = lower($1) ORDER BY lower(username) = lower($1) DESC NULLS LAST LIMIT 1"};
const db::Query kInsert{"users.insert",
    "WITH u AS (INSERT INTO {schema}.users (email, username, full_name, password_hash, authority) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING *), "
    "t AS (INSERT INTO {schema}.refresh_tokens (family_id, user_id, token_hash, expires_at) "
    "SELECT gen_random_uuid(), u.id, $6, to_timestamp($7) FROM u WHERE $6::text IS NOT NULL) "
    "SELECT " TA_USER_COLUMNS " FROM u"};

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

}  // namespace ta::identity
