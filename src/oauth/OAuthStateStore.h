#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "db/Connection.h"
#include "tenant/Tenant.h"

namespace ta::oauth {

// A tenant's pending OAuth requests (oauth_states) and provider logins waiting for
// a second factor (oauth_pending_logins), shared by every worker and daemon. Rows
// hold only hashes; a row is used once (DELETE ... RETURNING).
class OAuthStateStore {
public:
    OAuthStateStore(db::Connection& c, const tenant::Tenant& t) : c_(c), t_(t) {}

    // Stores a state and drops the tenant's expired ones in the same statement.
    void insert(const std::string& stateHash, const std::string& provider,
                const std::string& browserHash, std::int64_t expiresAt);
    // Deletes the state if it exists for this provider and browser; true when it
    // did and had not expired at `now`.
    bool consume(const std::string& stateHash, const std::string& provider,
                 const std::string& browserHash, std::int64_t now);

    void insertPending(const std::string& ticketHash, const std::string& userId,
                       const std::string& provider, std::int64_t expiresAt);
    // The user and provider of a live ticket (not consumed).
    std::optional<std::pair<std::string, std::string>> pending(const std::string& ticketHash,
                                                               std::int64_t now);
    // Deletes the ticket; true when this call did.
    bool consumePending(const std::string& ticketHash);

private:
    db::Connection& c_;
    const tenant::Tenant& t_;
};

}  // namespace ta::oauth
