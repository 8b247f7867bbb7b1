#pragma once
#include <string>
#include <utility>
#include <vector>

namespace ta::test {

// A minimal FastCGI client for talking to the daemon's socket directly: one request on a
// fresh connection, what came back on FCGI_STDOUT (the CGI-style head and body).
class RawFcgi {
public:
    static constexpr int kResponder = 1;
    static constexpr int kAuthorizer = 2;
    using Params = std::vector<std::pair<std::string, std::string>>;

    // address: HOST:PORT (IPv4).
    static std::string exchange(const std::string& address, int role, const Params& params,
                                const std::string& body = "");
    // The CGI-style head's Status (200 when absent) and the body after the blank line.
    static int status(const std::string& stdoutText);
    static std::string body(const std::string& stdoutText);

private:
    static std::string record(int type, const std::string& content);
    static std::string length(const std::string& s);
    static void sendAll(int fd, const std::string& data);
};

}  // namespace ta::test
