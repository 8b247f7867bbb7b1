#include "token/RefreshTokenStore.h"

#include "identity/UserStore.h"

namespace ta::token {

namespace {
const db::Query kInsert{
    "refresh.insert",
    "INSERT INTO {schema}.refresh_tokens (family_id, user_id, token_hash, expires_at) "
    "VALUES (gen_random_uuid(), $1::uuid, $2, to_timestamp($3))"};
// $4 now, $5 maxSessionAge: a family older than that no longer rotates, and no token
// of it outlives that age. One statement, one implicit transaction, one round trip.
// Without a seed (refreshReuseGraceSeconds 0, the default) the UPDATE sets rotated_at
// only, a column no index holds, so it is a HOT update (sql/tenant/006); the INSERT
// writes the table's three index entries. pgbench on rotation chains (16 clients, fsync
// off): the `fwd` CTE cost ~10 us of server CPU per rotation even when it finds
// nothing, so only the seeded variant has it.
#define TA_ROTATE_OLD(seedSet)                                                   \
    "WITH old AS (UPDATE {schema}.refresh_tokens SET rotated_at = now()" seedSet \
    "  WHERE token_hash = $1 AND rotated_at IS NULL AND revoked_at IS NULL "     \
    "  AND expires_at > to_timestamp($4::bigint) "                               \
    "  AND family_created_at > to_timestamp($4::bigint - $5::int) "              \
    "  RETURNING family_id, user_id, family_created_at), "
#define TA_ROTATE_NEW                                                                    \
    "ins AS (INSERT INTO {schema}.refresh_tokens "                                       \
    "  (family_id, user_id, token_hash, expires_at, family_created_at) "                 \
    "  SELECT family_id, user_id, $2, LEAST(to_timestamp($3::bigint), "                  \
    "  family_created_at + make_interval(secs => $5::int)), family_created_at FROM old " \
    "  RETURNING user_id) "                                                              \
    "SELECT " TA_USER_PUBLIC_COLUMNS                                                     \
    " FROM {schema}.users WHERE id = (SELECT user_id FROM ins) AND NOT disabled"
const db::Query kRotate{"refresh.rotate", TA_ROTATE_OLD("") TA_ROTATE_NEW};
// $6 the seed. The family's earlier seeds are forgotten: through
// refresh_tokens_seeded_idx, the few seeded rows of the family, not the whole chain.
const db::Query kRotateSeeded{
    "refresh.rotateSeeded",
    TA_ROTATE_OLD(", successor_seed = $6") "fwd AS (UPDATE {schema}.refresh_tokens SET "
    "successor_seed = NULL WHERE family_id = (SELECT family_id FROM old) "
    "AND successor_seed IS NOT NULL AND token_hash <> $1), " TA_ROTATE_NEW};
#undef TA_ROTATE_OLD
#undef TA_ROTATE_NEW
const db::Query kRotatedWithin{
    "refresh.rotatedWithin",
    "SELECT family_id, successor_seed FROM {schema}.refresh_tokens WHERE token_hash = $1 "
    "AND revoked_at IS NULL AND successor_seed IS NOT NULL "
    "AND rotated_at > now() - make_interval(secs => $2::int)"};
const db::Query kLiveInFamily{
    "refresh.liveInFamily",
    "SELECT " TA_USER_PUBLIC_COLUMNS
    " FROM {schema}.users WHERE NOT disabled AND id = (SELECT user_id FROM "
    "{schema}.refresh_tokens WHERE token_hash = $1 AND family_id = $2::uuid "
    "AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > to_timestamp($3::bigint) "
    "AND family_created_at > to_timestamp($3::bigint - $4::int))"};
const db::Query kForgetSeeds{
    "refresh.forgetSeeds",
    "UPDATE {schema}.refresh_tokens SET successor_seed = NULL WHERE successor_seed IS NOT NULL "
    "AND rotated_at < now() - make_interval(secs => $1::int)"};
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
                                                        std::int64_t newExpiresAt, std::int64_t now,
                                                        int maxAge, const std::string* seed) {
    db::Result r =
        seed ? c_.exec(t_.statement(kRotateSeeded),
                       {oldHash, newHash, newExpiresAt, now, maxAge, seed->c_str()})
             : c_.exec(t_.statement(kRotate), {oldHash, newHash, newExpiresAt, now, maxAge});
    if (r.empty()) return std::nullopt;
    return identity::UserStore::fromRow(r, 0);
}

std::optional<RefreshTokenStore::Rotated> RefreshTokenStore::rotatedWithin(const std::string& hash,
                                                                           int graceSeconds) {
    db::Result r = c_.exec(t_.statement(kRotatedWithin), {hash, graceSeconds});
    if (r.empty()) return std::nullopt;
    return Rotated{r.str(0, 0), r.str(0, 1)};
}

std::optional<identity::User> RefreshTokenStore::liveInFamily(const std::string& hash,
                                                              const std::string& familyId,
                                                              std::int64_t now, int maxAge) {
    db::Result r = c_.exec(t_.statement(kLiveInFamily), {hash, familyId, now, maxAge});
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

long RefreshTokenStore::forgetSeeds(int seconds) {
    return c_.exec(t_.statement(kForgetSeeds), {seconds}).affected();
}

}  // namespace ta::token
