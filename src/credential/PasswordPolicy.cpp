#include "credential/PasswordPolicy.h"

#include "domain/Refusal.h"

namespace ta::credential {

void PasswordPolicy::check(const std::string& password) {
    if (password.size() < 8 || password.size() > kMaxBytes)
        throw domain::Refusal(domain::Reason::Invalid, "password must be 8 to 72 bytes");
    if (password.find('\0') != std::string::npos)
        throw domain::Refusal(domain::Reason::Invalid, "password must not contain NUL characters");
}

void PasswordPolicy::checkPresented(const std::string& password) {
    // bcrypt would compare only the first 72 bytes: "secret + anything" must not log in.
    if (password.size() > kMaxBytes || password.find('\0') != std::string::npos)
        throw domain::Refusal(domain::Reason::Invalid, "password must be 8 to 72 bytes");
}

}  // namespace ta::credential
