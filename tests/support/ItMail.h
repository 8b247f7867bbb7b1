// The SMTP sink of the integration tests (tests/fakes/smtp_sink.py, started by
// tests/run on $TA_SMTP_PORT, writing every mail it accepts to $TA_MAIL_DIR), and
// sinks of a test's own (an outage test starts and stops one on a port of its own).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace ta::test {

// One mail as the sink stored it.
struct ItMailMessage {
    std::string file;
    std::string envelopeFrom;  // X-Sink-From
    std::string envelopeTo;    // X-Sink-To
    std::string auth;          // X-Sink-Auth ("" when the sender did not authenticate)
    std::string headers;       // the message's own header block
    std::string body;          // decoded (quoted-printable undone)

    // First value of a message header (case-insensitive name), "" when absent.
    std::string header(const std::string& name) const;
    // The first URL in the body that starts with `prefix` ("" when none).
    std::string linkStartingWith(const std::string& prefix) const;
};

// A sink of a test's own, in a directory of its own; stopped when destroyed.
class ItOwnSink {
public:
    ItOwnSink();  // picks a free port; not started
    ~ItOwnSink();
    // Starts it on port(); `args` e.g. "--refuse". Throws when it does not listen.
    void start(const std::string& args = "");
    void stop();
    int port() const { return port_; }
    std::string mailDir() const { return dir_ + "/mail"; }

private:
    std::string dir_;
    int port_ = 0;
    bool running_ = false;
};

class ItMail {
public:
    static int sinkPort();         // TA_SMTP_PORT
    static std::string sinkDir();  // TA_MAIL_DIR
    // The mails to `recipient` in `dir` (default the shared sink's) whose body contains
    // `containing` (e.g. kResetUrl), oldest first.
    static std::vector<ItMailMessage> to(const std::string& recipient,
                                         const std::string& containing = "",
                                         const std::string& dir = "");
    // Waits up to `seconds` until `count` such mails arrived; returns the `count`-th,
    // or nullopt on timeout.
    static std::optional<ItMailMessage> await(const std::string& recipient,
                                              const std::string& containing, double seconds,
                                              size_t count = 1, const std::string& dir = "");
    // The value of the `token` query parameter of `url`.
    static std::string tokenOf(const std::string& url);
    static std::string decodeQuotedPrintable(const std::string& text);
    // Tenant settings (JSON) sending through 127.0.0.1:`port` with links under
    // https://app.example.test/ (urls.verifyEmail only when `verify`).
    static std::string settings(int port, bool verify = true);
    static constexpr const char* kResetUrl = "https://app.example.test/reset?token=";
    static constexpr const char* kVerifyUrl = "https://app.example.test/verify?token=";
    // Rows of the tenant's outbox for `recipient` of `kind` ("sent|attempts|last_error"
    // lines, oldest first).
    static std::string outboxOf(const std::string& slug, const std::string& recipient,
                                const std::string& kind = "reset_password");
};

}  // namespace ta::test
