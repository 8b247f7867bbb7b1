#pragma once
#include <stdexcept>
#include <string>

#include "mail/Mail.h"

namespace ta::mail {

// What a tenant's smtp settings say, with the password already unsealed.
struct SmtpServer {
    std::string host;
    int port = 25;
    bool starttls = false;  // STARTTLS, required when set; port 465 is TLS from the start
    std::string username;   // "" = no AUTH
    std::string password;
    std::string from;
    std::string fromName;  // the tenant's name
    int connectTimeoutSeconds = 10;
    int timeoutSeconds = 30;  // per command
};

// The server could not be reached or did not answer in time (not a refusal of this
// mail): the rest of a batch waits for the next attempt instead of timing out in turn.
class SmtpUnreachable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Delivers one mail through Poco's SMTP client: connect (bounded), EHLO, STARTTLS
// when asked (certificate checked against the host), AUTH PLAIN or LOGIN (whichever
// the server offers) when a username is set, then the message. Throws
// std::runtime_error with a reason fit for the log (never the password).
struct SmtpTransport {
    static void send(const SmtpServer& server, const Mail& m);
    // The RFC 5322 display-name form "Name" <address>.
    static std::string mailbox(const std::string& name, const std::string& address);
};

}  // namespace ta::mail
