#include "token/RefreshTokenStore.h"

#include "identity/UserStore.h"

namespace ta::token {

namespace {
const db::Query kInsert{
    "refresh.insert",
    "INSERT INTO {schema}.refresh_tokens (family_id, user_id, token_hash, expires_at) "
    "VALUES (gen_random_uuid(), $1::uuid, $2, to_timestamp($3))"};
const db::Query kRotate{
    "refresh.rotate",
    "WITH old AS (UPDATE {schema}.refresh_tokens SET rotated_at = now() "
    "  WHERE token_hash = $1 AND rotated_at IS NULL AND revoked_at IS NULL "
    "  AND expires_at > to_timestamp($4) RETURNING family_id, user_id), "
    "ins AS (INSERT INTO {schema}.refresh_tokens (family_id, user_id, token_hash, expires_at) "
    "  SELECT family_id, user_id, $2, to_timestamp($3) FROM old RETURNING user_id) "
    "SELECT " TA_USER_PUBLIC_COLUMNS
    " "
    "FROM {schema}.users WHERE id = (SELECT user_id FROM ins) AND NOT disabled"};
const db::Query kRevokeIfRotated{"refresh.revokeIfRotated",
                                 "UPDATE {schema}.refresh_tokens SET revoked_at = now() WHERE "
                                 "revoked_at IS NULL AND family_id = "
                                 "(SELECT family_id FROM {schema}.refresh_tokens WHERE token_hash "
                                 "= $1 AND rotated_at IS NOT NULL) RETURNING user_id"};
const db::Query kRevokeFamily{
    "refresh.revokeFamily",
    "WITH live AS (SELECT family_id, user_id FROM {schema}.refresh_tokens WHERE token_hash = $1 "
    "  AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > to_timestamp($2) "
    "  AND ($3::uuid IS NULL OR user_id = $3::uuid)), "
    "upd AS (UPDATE {schema}.refresh_tokens SET revoked_at = now() WHERE revoked_at IS NULL "
    "  AND family_id = (SELECT family_id FROM live)) "
    "SELECT user_id FROM live"};
const db::Query kRevokeUser{"refresh.revokeUser",
                            "UPDATE {schema}.refresh_tokens SET revoked_at = now() WHERE user_id = "
                            "$1::uuid AND revoked_at IS NULL"};
}  // namespace

void RefreshTokenStore::insert(const std::string& userId, const std::string& hash,
                               std::int64_t expiresAt) {
    c_.exec(t_.statement(kInsert), {userId, hash, expiresAt});
}

std::optional<identity::User> RefreshTokenStore::rotate(const std::string& oldHash,
                                                        const std::string& newHash,
                                                        std::int64_t newExpiresAt,
                                                        std::int64_t now) {
    db::Result r = c_.exec(t_.statement(kRotate), {oldHash, newHash, newExpiresAt, now});
    if (r.empty()) return std::nullopt;
    return identity::UserStore::fromRow(r, 0);
}

std::optional<std::string> RefreshTokenStore::revokeFamilyIfRotated(const std::string& hash) {
    db::Result r = c_.exec(t_.statement(kRevokeIfRotated), {hash});
    if (r.empty()) return std::nullopt;
    return r.str(0, 0);
}

std::optional<std::string> RefreshTokenStore::revokeFamily(const std::string& hash,
                                                           std::int64_t now,
                                                           const std::string* owner) {
    db::Result r =
        c_.exec(t_.statement(kRevokeFamily), {hash, now, owner ? owner->c_str() : nullptr});
    if (r.empty()) return std::nullopt;
    return r.str(0, 0);
}

void RefreshTokenStore::revokeAllOfUser(const std::string& userId) {
    c_.exec(t_.statement(kRevokeUser), {userId});
}

}  // namespace ta::token
