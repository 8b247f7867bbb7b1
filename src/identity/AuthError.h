#pragma once
#include <exception>

namespace ta::identity {

// Why an account operation was refused. Each route family words these its own way
// (see api/opensight and api/status), so the domain carries only the reason.
enum class AuthFailure {
    BadCredentials,
    TotpRequired,
    TotpInvalid,
    InvalidRefresh,
    EmailTaken,
    UsernameTaken,
};

class AuthError : public std::exception {
public:
    explicit AuthError(AuthFailure r) : reason_(r) {}
    AuthFailure reason() const { return reason_; }
    const char* what() const noexcept override { return "authentication refused"; }

private:
    AuthFailure reason_;
};

}  // namespace ta::identity
