#include "fcgi/FcgiExchange.h"

#include <cstring>
#include <string>

#include "fcgi/FcgiParams.h"

namespace ta::fcgi {

namespace {
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
    FcgiParams params(req);
    // libfcgi's "NAME=value" strings: the name ends at the first '=', as FCGX_GetParam
    // reads them.
    for (char** p = r.envp; p && *p; ++p) {
        const char* eq = std::strchr(*p, '=');
        if (eq) params.add(std::string_view(*p, static_cast<size_t>(eq - *p)), eq + 1);
    }
    params.finish();

    if (!readBody) return req;
    long long length = params.contentLength();
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

void FcgiExchange::head(const http::Response& resp, std::string& out) {
    out += "Status: ";
    out += std::to_string(resp.status);
    out += ' ';
    out += reason(resp.status);
    out += "\r\n";
    if (!resp.contentType.empty()) {
        out += "Content-Type: ";
        out += resp.contentType;
        out += "\r\n";
    }
    for (const auto& [name, value] : resp.headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += "Content-Length: ";
    out += std::to_string(resp.body.size());
    out += "\r\n\r\n";
}

void FcgiExchange::write(FCGX_Request& r, const http::Response& resp) {
    std::string text;
    text.reserve(256);
    head(resp, text);
    FCGX_PutStr(text.data(), static_cast<int>(text.size()), r.out);
    if (!resp.body.empty() && !resp.headOnly)
        FCGX_PutStr(resp.body.data(), static_cast<int>(resp.body.size()), r.out);
}

}  // namespace ta::fcgi
