#pragma once
#include <string>
#include <utility>
#include <vector>

namespace ta::test {

// A minimal FastCGI client for talking to the daemon's socket directly: one request on a
// fresh connection, or several on one FCGI_KEEP_CONN connection; what came back on
// FCGI_STDOUT (the CGI-style head and body).
class RawFcgi {
public:
    static constexpr int kResponder = 1;
    static constexpr int kAuthorizer = 2;
    using Params = std::vector<std::pair<std::string, std::string>>;
    struct Request {
        int role = kResponder;
        Params params;
        std::string body;
    };

    // address: HOST:PORT (IPv4).
    static std::string exchange(const std::string& address, int role, const Params& params,
                                const std::string& body = "");
    // FCGI_KEEP_CONN, as Apache's enablereuse=on: the requests one after the other on one
    // connection (request ids 1, 2, ...), each sent once the previous answer's
    // FCGI_END_REQUEST came. The FCGI_STDOUT of each, "" for one not answered (the
    // connection closed). `openFd`: if given, the connection is left open there.
    static std::vector<std::string> kept(const std::string& address,
                                         const std::vector<Request>& requests,
                                         int* openFd = nullptr);
    static int connect(const std::string& address);  // throws std::runtime_error
    // The records of one request (FCGI_BEGIN_REQUEST to the end of FCGI_STDIN).
    static std::string encode(const Request& r, int id, bool keepConnection);
    // Reads one answer up to its FCGI_END_REQUEST: false if the connection closed first.
    static bool readAnswer(int fd, std::string& stdoutText);
    // The CGI-style head's Status (200 when absent) and the body after the blank line.
    static int status(const std::string& stdoutText);
    static std::string body(const std::string& stdoutText);
    static void sendAll(int fd, const std::string& data);

private:
    static std::string record(int type, int id, const std::string& content);
    static std::string length(const std::string& s);
};

}  // namespace ta::test
