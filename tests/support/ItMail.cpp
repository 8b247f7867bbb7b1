#include "ItMail.h"

#include <dirent.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "ItAdmin.h"
#include "ItEnv.h"

namespace ta::test {

namespace {
std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// "Name: value" of a CRLF header block (unfolded), "" when absent.
std::string headerIn(const std::string& block, const std::string& name) {
    std::string want = lower(name) + ":";
    size_t pos = 0;
    while (pos < block.size()) {
        size_t end = block.find("\r\n", pos);
        if (end == std::string::npos) end = block.size();
        std::string line = block.substr(pos, end - pos);
        if (lower(line.substr(0, want.size())) == want) {
            std::string value = line.substr(want.size());
            // Folded continuation lines.
            size_t next = end + 2;
            while (next < block.size() && (block[next] == ' ' || block[next] == '\t')) {
                size_t e = block.find("\r\n", next);
                if (e == std::string::npos) e = block.size();
                value += block.substr(next, e - next);
                next = e + 2;
            }
            size_t b = value.find_first_not_of(" \t");
            return b == std::string::npos ? "" : value.substr(b);
        }
        pos = end + 2;
    }
    return "";
}

ItMailMessage parse(const std::string& file, const std::string& raw) {
    ItMailMessage m;
    m.file = file;
    size_t split = raw.find("\r\n\r\n");
    std::string head = raw.substr(0, split);
    m.envelopeFrom = headerIn(head, "X-Sink-From");
    m.envelopeTo = headerIn(head, "X-Sink-To");
    m.auth = headerIn(head, "X-Sink-Auth");
    m.headers = head;
    std::string body = split == std::string::npos ? "" : raw.substr(split + 4);
    if (lower(headerIn(head, "Content-Transfer-Encoding")) == "quoted-printable")
        body = ItMail::decodeQuotedPrintable(body);
    m.body = body;
    return m;
}
}  // namespace

std::string ItMailMessage::header(const std::string& name) const { return headerIn(headers, name); }

std::string ItMailMessage::linkStartingWith(const std::string& prefix) const {
    size_t pos = body.find(prefix);
    if (pos == std::string::npos) return "";
    size_t end = body.find_first_of(" \r\n\t", pos);
    return body.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
}

int ItMail::sinkPort() { return std::stoi(ItEnv::var("TA_SMTP_PORT", "0")); }
std::string ItMail::sinkDir() { return ItEnv::var("TA_MAIL_DIR"); }

std::vector<ItMailMessage> ItMail::to(const std::string& recipient, const std::string& containing,
                                      const std::string& dir) {
    std::string d = dir.empty() ? sinkDir() : dir;
    std::vector<std::string> names;
    if (DIR* h = opendir(d.c_str())) {
        while (dirent* e = readdir(h)) {
            std::string n = e->d_name;
            if (n.size() > 4 && n[0] != '.' && n.compare(n.size() - 4, 4, ".eml") == 0)
                names.push_back(n);
        }
        closedir(h);
    }
    // <nanoseconds>-<n>.eml: numeric order is arrival order.
    std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
        return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    std::vector<ItMailMessage> out;
    for (const auto& n : names) {
        ItMailMessage m = parse(n, ItEnv::readFile(d + "/" + n));
        if (lower(m.envelopeTo) == lower(recipient) && m.body.find(containing) != std::string::npos)
            out.push_back(m);
    }
    return out;
}

std::optional<ItMailMessage> ItMail::await(const std::string& recipient,
                                           const std::string& containing, double seconds,
                                           size_t count, const std::string& dir) {
    std::optional<ItMailMessage> found;
    ItEnv::poll(seconds, [&] {
        auto all = to(recipient, containing, dir);
        if (all.size() < count) return false;
        found = all[count - 1];
        return true;
    });
    return found;
}

std::string ItMail::tokenOf(const std::string& url) {
    size_t pos = url.find("token=");
    if (pos == std::string::npos) return "";
    size_t end = url.find_first_of("&#", pos);
    return url.substr(pos + 6, end == std::string::npos ? std::string::npos : end - pos - 6);
}

std::string ItMail::decodeQuotedPrintable(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '=') {
            out += text[i];
        } else if (text.compare(i, 3, "=\r\n") == 0) {
            i += 2;
        } else if (i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string ItMail::settings(int port, bool verify) {
    return std::string("{\"smtp\": {\"host\": \"127.0.0.1\", \"port\": ") + std::to_string(port) +
           ", \"starttls\": false, \"from\": \"no-reply@app.example.test\"}, \"urls\": "
           "{\"resetPassword\": \"https://app.example.test/reset?token={token}\", "
           "\"verifyEmail\": \"" +
           (verify ? "https://app.example.test/verify?token={token}" : "") + "\"}}";
}

std::string ItMail::outboxOf(const std::string& slug, const std::string& recipient,
                             const std::string& kind) {
    return ItAdmin::psql(
        "SELECT (sent_at IS NOT NULL)::text || '|' || attempts || '|' || "
        "coalesce(last_error, '') FROM tenant_" +
        slug + ".mail_outbox WHERE recipient = '" + recipient + "' AND kind = '" + kind +
        "' ORDER BY id");
}

ItOwnSink::ItOwnSink() {
    auto r = ItEnv::run("bash -c '. \"$TA_STACK_SH\" && stack_free_port'");
    if (r.exitCode != 0) throw std::runtime_error("no free port: " + r.describe());
    port_ = std::stoi(r.out);
    dir_ = ItEnv::stateDir() + "/sink-" + ItEnv::uniqueSuffix();
}

ItOwnSink::~ItOwnSink() {
    try {
        stop();
    } catch (...) {
    }
}

void ItOwnSink::start(const std::string& args) {
    auto r = ItEnv::run("bash -c '. \"$TA_STACK_SH\" && stack_smtp_start \"" + dir_ + "\" " +
                        std::to_string(port_) + " " + args + "'");
    if (r.exitCode != 0) throw std::runtime_error("SMTP sink did not start: " + r.describe());
    running_ = true;
}

void ItOwnSink::stop() {
    if (!running_) return;
    ItEnv::run("bash -c '. \"$TA_STACK_SH\" && stack_smtp_stop \"" + dir_ + "\"'");
    running_ = false;
}

}  // namespace ta::test
