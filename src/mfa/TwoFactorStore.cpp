#include "mfa/TwoFactorStore.h"

namespace ta::mfa {

namespace {
const db::Query kSetPending{
    "mfa.setPending",
    "UPDATE {schema}.users SET totp_pending_secret = $2, updated_at = now() WHERE id = $1::uuid"};
const db::Query kPending{"mfa.pending",
                         "SELECT totp_pending_secret FROM {schema}.users WHERE id = $1::uuid"};
const db::Query kEnable{
    "mfa.enable",
    "UPDATE {schema}.users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, "
    "totp_enabled = true, totp_last_step = $3, updated_at = now() "
    "WHERE id = $1::uuid AND totp_pending_secret = $2"};
const db::Query kDeleteCodes{"mfa.deleteCodes",
                             "DELETE FROM {schema}.recovery_codes WHERE user_id = $1::uuid"};
const db::Query kInsertCode{
    "mfa.insertCode",
    "INSERT INTO {schema}.recovery_codes (user_id, code_hash) VALUES ($1::uuid, $2)"};
const db::Query kClaimStep{
    "mfa.claimStep",
    "UPDATE {schema}.users SET totp_last_step = $2 WHERE id = $1::uuid AND totp_enabled "
    "AND (totp_last_step IS NULL OR totp_last_step < $2)"};
const db::Query kUnusedCodes{
    "mfa.unusedCodes",
    "SELECT code_hash FROM {schema}.recovery_codes WHERE user_id = $1::uuid AND used_at IS NULL"};
const db::Query kUseCode{"mfa.useCode",
                         "UPDATE {schema}.recovery_codes SET used_at = now() "
                         "WHERE user_id = $1::uuid AND code_hash = $2 AND used_at IS NULL"};
const db::Query kDisable{
    "mfa.disable",
    "UPDATE {schema}.users SET totp_enabled = false, totp_secret = NULL, totp_pending_secret = "
    "NULL, "
    "totp_last_step = NULL, updated_at = now() WHERE id = $1::uuid AND totp_enabled"};
}  // namespace

void TwoFactorStore::setPending(const std::string& userId, const std::string& sealed) {
    c_.exec(t_.statement(kSetPending), {userId, sealed});
}

std::optional<std::string> TwoFactorStore::pending(const std::string& userId) {
    db::Result r = c_.exec(t_.statement(kPending), {userId});
    if (r.empty() || r.isNull(0, 0)) return std::nullopt;
    return r.str(0, 0);
}

bool TwoFactorStore::enable(const std::string& userId, const std::string& sealed,
                            std::int64_t step) {
    return c_.exec(t_.statement(kEnable), {userId, sealed, step}).affected() == 1;
}

void TwoFactorStore::replaceRecoveryCodes(const std::string& userId,
                                          const std::vector<std::string>& hashes) {
    c_.exec(t_.statement(kDeleteCodes), {userId});
    for (const auto& h : hashes) c_.exec(t_.statement(kInsertCode), {userId, h});
}

bool TwoFactorStore::claimStep(const std::string& userId, std::int64_t step) {
    return c_.exec(t_.statement(kClaimStep), {userId, step}).affected() == 1;
}

std::vector<std::string> TwoFactorStore::unusedRecoveryCodes(const std::string& userId) {
    db::Result r = c_.exec(t_.statement(kUnusedCodes), {userId});
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(r.str(i, 0));
    return out;
}

bool TwoFactorStore::useRecoveryCode(const std::string& userId, const std::string& stored) {
    return c_.exec(t_.statement(kUseCode), {userId, stored}).affected() == 1;
}

bool TwoFactorStore::disable(const std::string& userId) {
    bool done = c_.exec(t_.statement(kDisable), {userId}).affected() == 1;
    c_.exec(t_.statement(kDeleteCodes), {userId});
    return done;
}

}  // namespace ta::mfa
