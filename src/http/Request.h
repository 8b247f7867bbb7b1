#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace ta::http {

// What a handler may know about the client's request. Filled from FastCGI params by
// fcgi::FcgiRequest, or by hand in tests.
struct Request {
    std::string method;
    std::string path;         // decoded path, no query
    std::string query;        // raw query string
    std::string host;         // lower-cased, port stripped
    std::string tenantParam;  // TENANTAUTH_TENANT set by the web server, if any
    std::string authorization;
    std::string cookieHeader;
    std::string contentType;
    std::string remoteAddr;
    std::string requestId;
    std::string body;
    bool bodyTooLarge = false;  // over kMaxBody: not read, answered 413

    // For the request's own origin and who sent it (http/SameOrigin).
    std::string hostHeader;    // Host as sent, with its port
    bool https = false;        // the web server's HTTPS param is on
    std::string origin;        // Origin header, if any
    std::string secFetchSite;  // Sec-Fetch-Site header, if any

    static constexpr std::size_t kMaxBody = 64 * 1024;

    std::string cookie(std::string_view name) const;
    // Percent-decoded; one holding NUL (%00) is ApiError 400 naming it.
    std::string queryParam(std::string_view name) const;
    // "application/json" with or without parameters such as charset.
    bool isJson() const;

    static std::string normalizeHost(std::string_view hostHeader);
    static std::string percentDecode(std::string_view s);
};

}  // namespace ta::http
