#include "fcgi/FcgiExchange.h"

#include <strings.h>

#include <cstdlib>
#include <cstring>
#include <string>

#include "util/Random.h"

namespace ta::fcgi {

namespace {
const char* param(FCGX_Request& r, const char* name) {
    const char* v = FCGX_GetParam(name, r.envp);
    return v ? v : "";
}

bool saneRequestId(const char* id) {
    size_t n = std::strlen(id);
    if (n == 0 || n > 64) return false;
    for (size_t i = 0; i < n; ++i) {
        char c = id[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

const char* reason(int status) {
    switch (status) {
        case 200:
            return "OK";
        case 201:
            return "Created";
        case 204:
            return "No Content";
        case 302:
            return "Found";
        case 400:
            return "Bad Request";
        case 401:
            return "Unauthorized";
        case 403:
            return "Forbidden";
        case 404:
            return "Not Found";
        case 405:
            return "Method Not Allowed";
        case 409:
            return "Conflict";
        case 413:
            return "Payload Too Large";
        case 415:
            return "Unsupported Media Type";
        case 429:
            return "Too Many Requests";
        case 502:
            return "Bad Gateway";
        case 503:
            return "Service Unavailable";
        default:
            return "Internal Server Error";
    }
}
}  // namespace

http::Request FcgiExchange::read(FCGX_Request& r, bool readBody) {
    http::Request req;
    req.method = param(r, "REQUEST_METHOD");
    const char* uri = param(r, "REQUEST_URI");
    const char* q = std::strchr(uri, '?');
    req.path.assign(uri, q ? static_cast<size_t>(q - uri) : std::strlen(uri));
    req.query = param(r, "QUERY_STRING");
    req.hostHeader = param(r, "HTTP_HOST");
    req.host = http::Request::normalizeHost(req.hostHeader);
    const char* https = param(r, "HTTPS");
    req.https = strcasecmp(https, "on") == 0 || std::strcmp(https, "1") == 0;
    req.origin = param(r, "HTTP_ORIGIN");
    req.secFetchSite = param(r, "HTTP_SEC_FETCH_SITE");
    req.tenantParam = param(r, "TENANTAUTH_TENANT");
    req.authorization = param(r, "HTTP_AUTHORIZATION");
    req.cookieHeader = param(r, "HTTP_COOKIE");
    req.contentType = param(r, "CONTENT_TYPE");
    req.remoteAddr = param(r, "REMOTE_ADDR");
    const char* rid = param(r, "HTTP_X_REQUEST_ID");
    req.requestId = saneRequestId(rid) ? rid : util::Random::hex(8);

    if (!readBody) return req;
    long long length = std::atoll(param(r, "CONTENT_LENGTH"));
    if (length > static_cast<long long>(http::Request::kMaxBody)) {
        req.bodyTooLarge = true;
        // Drain so the web server is not left writing into a closed request.
        char sink[8192];
        while (FCGX_GetStr(sink, sizeof sink, r.in) > 0) {
        }
    } else if (length > 0) {
        req.body.resize(static_cast<size_t>(length));
        int got = FCGX_GetStr(req.body.data(), static_cast<int>(length), r.in);
        req.body.resize(got > 0 ? static_cast<size_t>(got) : 0);
    }
    return req;
}

void FcgiExchange::write(FCGX_Request& r, const http::Response& resp) {
    std::string head;
    head.reserve(256);
    head += "Status: " + std::to_string(resp.status) + " " + reason(resp.status) + "\r\n";
    if (!resp.contentType.empty()) head += "Content-Type: " + resp.contentType + "\r\n";
    for (const auto& [name, value] : resp.headers) head += name + ": " + value + "\r\n";
    head += "Content-Length: " + std::to_string(resp.body.size()) + "\r\n\r\n";
    FCGX_PutStr(head.data(), static_cast<int>(head.size()), r.out);
    if (!resp.body.empty() && !resp.headOnly)
        FCGX_PutStr(resp.body.data(), static_cast<int>(resp.body.size()), r.out);
}

}  // namespace ta::fcgi
