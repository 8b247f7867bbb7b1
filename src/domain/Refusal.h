#pragma once
#include <exception>
#include <string>

namespace ta::domain {

// Why the domain refused an operation. Domain code throws only these (and
// db::Unavailable); api/ words and maps them to HTTP in one place, per route family.
enum class Reason {
    Invalid,         // bad input; the message names the field
    BadCredentials,  // unknown account, wrong password or disabled account
    TotpRequired,
    TotpInvalid,
    InvalidRefresh,
    EmailTaken,
    UsernameTaken,
    Locked,       // too many failed logins; retryAfter set
    RateLimited,  // over the plan's requests per minute; retryAfter set
    Forbidden,    // the message says what is not allowed
    NotFound,     // the message names what was not found
    Conflict,     // the message says what the state forbids
    Busy,         // too much work queued (bcrypt); try again in a second
    Upstream,     // an outside service (OAuth provider) failed; the message says which
};

class Refusal : public std::exception {
public:
    explicit Refusal(Reason r, std::string message = {}, int retryAfter = 0)
        : reason_(r), message_(std::move(message)), retryAfter_(retryAfter) {}
    Reason reason() const { return reason_; }
    int retryAfter() const { return retryAfter_; }
    const std::string& message() const { return message_; }
    const char* what() const noexcept override {
        return message_.empty() ? "refused" : message_.c_str();
    }

private:
    Reason reason_;
    std::string message_;
    int retryAfter_;
};

}  // namespace ta::domain
