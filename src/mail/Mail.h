#pragma once
#include <string>

namespace ta::mail {

// One plain-text mail as a request writes it to the outbox.
struct Mail {
    std::string kind;  // reset_password | verify_email
    std::string to;
    std::string subject;
    std::string body;
};

}  // namespace ta::mail
