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
};

}  // namespace ta::credential
