#pragma once
#include <string>

namespace ta::credential {

// bcrypt through libxcrypt: new hashes are $2b$; $2a$ and $2y$ hashes imported from
// elsewhere verify as they are.
struct PasswordHasher {
    static std::string hash(const std::string& password, int cost);
    static bool verify(const std::string& password, const std::string& hash);
    // Verified against when the user does not exist, at the tenant's cost, so a wrong
    // email costs the same time as a wrong password.
    static const std::string& dummyHash(int cost);

    // The cost of a well-formed bcrypt hash ($2a$, $2b$ or $2y$, a cost of 04 to 31,
    // 53 characters of salt and digest); 0 for anything else.
    static int bcryptCost(const std::string& hash);
    // Replace at the next successful login: not $2b$, or not at the tenant's `cost`.
    static bool needsRehash(const std::string& hash, int cost);
    // verify(), doing the work of one hash at `cost` when the stored hash is cheaper:
    // after it, dummy checks at costs c, c+1, ..., cost-1 (2^c + 2^c + ... + 2^(cost-1)
    // = 2^cost). So a login for an imported user with a cheaper hash takes as long as
    // one for an unknown email, which checks a dummy at the tenant's cost.
    static bool verifyAtCost(const std::string& password, const std::string& stored, int cost);
};

}  // namespace ta::credential
