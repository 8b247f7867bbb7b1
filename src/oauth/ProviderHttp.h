#pragma once
#include <Poco/Timespan.h>

#include <chrono>
#include <cstddef>
#include <exception>
#include <string>
#include <utility>
#include <vector>

namespace ta::oauth {

// What a provider answered: any status, the body read in full.
struct ProviderReply {
    int status = 0;
    std::string body;
};

// The one HTTP(S) client of the OAuth code (Poco::Net). One instance serves one
// sign-in and bounds all of its exchanges together: connect within kConnectSeconds,
// each read or write within kIoSeconds, and everything (token, user, emails) before
// kBudgetSeconds from construction, so a slow or hanging provider holds a worker
// thread no longer than that; answers are at most kMaxBody bytes. https verifies the
// certificate chain against the system CAs and the host name; plain http is refused
// except to a loopback host (local fakes and test providers). Throws
// ProviderHttp::Failure, whose text never holds a secret (no query string, no body).
class ProviderHttp {
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;
    using Form = std::vector<std::pair<std::string, std::string>>;

    struct Failure : std::exception {
        explicit Failure(std::string w) : what_(std::move(w)) {}
        const char* what() const noexcept override { return what_.c_str(); }
        std::string what_;
    };

    static constexpr int kConnectSeconds = 3;
    static constexpr int kIoSeconds = 5;
    static constexpr int kBudgetSeconds = 10;
    static constexpr std::size_t kMaxBody = 256 * 1024;

    ProviderHttp() : deadline_(Clock::now() + std::chrono::seconds(kBudgetSeconds)) {}

    ProviderReply get(const std::string& url, const Headers& headers) const;
    // POST application/x-www-form-urlencoded.
    ProviderReply postForm(const std::string& url, const Form& form, const Headers& headers) const;

    static std::string formEncode(const Form& form);
    // http:// is allowed for these hosts only.
    static bool loopbackHost(const std::string& host);

private:
    using Clock = std::chrono::steady_clock;
    // What is left of the budget, capped at `cap` seconds; Failure when nothing is.
    Poco::Timespan left(int cap, const std::string& where) const;
    ProviderReply send(const std::string& method, const std::string& url, const Headers& headers,
                       const std::string* body) const;

    Clock::time_point deadline_;
};

}  // namespace ta::oauth
