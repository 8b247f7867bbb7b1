#include "mail/SmtpTransport.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>

#include <stdexcept>

#include "util/Random.h"

namespace ta::mail {

namespace {
using Poco::Net::Context;

// Poco's session with the protected steps it keeps for itself made reachable: the
// EHLO answer (to choose an AUTH method) and STARTTLS on a session made from our own
// socket (SecureSMTPClientSession needs the host/port constructor for certificate
// checks, which connects without a timeout).
class Session : public Poco::Net::SMTPClientSession {
public:
    explicit Session(const Poco::Net::StreamSocket& s) : SMTPClientSession(s) {}

    std::string ehlo(const std::string& name) {
        std::string response;
        login(name, response);
        return response;
    }
    void startTls(const std::string& host, Context::Ptr ctx) {
        std::string response;
        int status = sendCommand("STARTTLS", response);
        if (!isPositiveCompletion(status))
            throw std::runtime_error("STARTTLS refused: " + response);
        Poco::Net::SecureStreamSocket tls =
            Poco::Net::SecureStreamSocket::attach(socket(), host, ctx);
        tls.completeHandshake();
        socket() = tls;
    }
    void authenticate(const std::string& offer, const std::string& user, const std::string& pw) {
        std::string caps = Poco::toUpper(offer);
        if (caps.find("AUTH") == std::string::npos)
            throw std::runtime_error("the server offers no AUTH, but smtp.username is set");
        // PLAIN is one round trip; both send the password as is, hence STARTTLS.
        size_t auth = caps.find("AUTH");
        std::string methods = caps.substr(auth, caps.find('\n', auth) - auth);
        if (methods.find("PLAIN") != std::string::npos)
            loginUsingPlain(user, pw);
        else if (methods.find("LOGIN") != std::string::npos)
            loginUsingLogin(user, pw);
        else
            throw std::runtime_error("the server offers neither AUTH PLAIN nor AUTH LOGIN");
    }
};

Context::Ptr tlsContext() {
    // Peer certificates verified against the system CAs (VERIFY_RELAXED checks the
    // server's certificate when it sends one, which SMTP servers always do).
    static Context::Ptr ctx =
        new Context(Context::TLS_CLIENT_USE, "", "", "", Context::VERIFY_RELAXED, 9, true);
    return ctx;
}

bool ascii(const std::string& s) {
    for (unsigned char c : s)
        if (c >= 0x80) return false;
    return true;
}

bool shortLines(const std::string& s) {
    size_t start = 0;
    for (size_t nl = s.find('\n');; nl = s.find('\n', start)) {
        size_t end = nl == std::string::npos ? s.size() : nl;
        if (end - start > 900) return false;
        if (nl == std::string::npos) return true;
        start = nl + 1;
    }
}

std::string domainOf(const std::string& address) {
    size_t at = address.rfind('@');
    std::string d = at == std::string::npos ? "" : address.substr(at + 1);
    return d.empty() ? "localhost" : d;
}

void compose(Poco::Net::MailMessage& msg, const SmtpServer& server, const Mail& m) {
    msg.setSender(SmtpTransport::mailbox(server.fromName, server.from));
    msg.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, m.to));
    msg.setSubject(Poco::Net::MailMessage::encodeWord(m.subject, "UTF-8"));
    msg.set("Message-ID", "<" + util::Random::hex(16) + "@" + domainOf(server.from) + ">");
    msg.set("Auto-Submitted", "auto-generated");
    msg.setContentType("text/plain; charset=UTF-8");
    // Plain 7-bit text stays readable in any client; anything else is quoted-printable.
    bool plain = ascii(m.body) && shortLines(m.body);
    msg.setContent(m.body, plain ? Poco::Net::MailMessage::ENCODING_7BIT
                                 : Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
}
}  // namespace

std::string SmtpTransport::mailbox(const std::string& name, const std::string& address) {
    if (name.empty()) return "<" + address + ">";
    if (!ascii(name))
        return Poco::Net::MailMessage::encodeWord(name, "UTF-8") + " <" + address + ">";
    std::string quoted = "\"";
    for (char c : name) {
        if (c == '"' || c == '\\') quoted += '\\';
        if (c != '\r' && c != '\n') quoted += c;
    }
    return quoted + "\" <" + address + ">";
}

void SmtpTransport::send(const SmtpServer& server, const Mail& m) {
    if (server.host.empty()) throw std::runtime_error("smtp.host is not set");
    try {
        Poco::Net::SocketAddress address(server.host, static_cast<Poco::UInt16>(server.port));
        Poco::Timespan connectTimeout(server.connectTimeoutSeconds, 0);
        Poco::Net::StreamSocket socket;
        if (server.port == 465) {
            Poco::Net::SecureStreamSocket tls(tlsContext());
            tls.setPeerHostName(server.host);
            tls.connect(address, connectTimeout);
            socket = tls;
        } else {
            socket.connect(address, connectTimeout);
        }
        Session session(socket);
        session.setTimeout(Poco::Timespan(server.timeoutSeconds, 0));
        std::string helo = domainOf(server.from);
        std::string offer = session.ehlo(helo);
        if (server.starttls && server.port != 465) {
            session.startTls(server.host, tlsContext());
            offer = session.ehlo(helo);
        }
        if (!server.username.empty()) session.authenticate(offer, server.username, server.password);
        Poco::Net::MailMessage message;
        compose(message, server, m);
        session.sendMessage(message);
        try {
            session.close();
        } catch (const Poco::Exception&) {
            // The message was accepted; a lost QUIT changes nothing.
        }
    } catch (const Poco::Net::SMTPException& e) {
        throw std::runtime_error(e.displayText());
    } catch (const Poco::Exception& e) {
        // Connection refused, host not found, timeouts, TLS failures.
        throw SmtpUnreachable(e.displayText());
    }
}

}  // namespace ta::mail
