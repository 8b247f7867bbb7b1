#pragma once
#include <fcgiapp.h>

#include <string>

#include "http/Request.h"
#include "http/Response.h"

namespace ta::fcgi {

// Turns one accepted FastCGI request into an http::Request and writes the answer, through
// libfcgi: for the requests WireExchange does not take (RecordScan::plain false).
struct FcgiExchange {
    // `readBody` false: leave stdin alone (an Authorizer request has no body; Apache's
    // mod_authnz_fcgi does not even send an empty FCGI_STDIN).
    static http::Request read(FCGX_Request& r, bool readBody = true);
    static void write(FCGX_Request& r, const http::Response& resp);
    // Appends the answer's CGI-style head ("Status: 200 OK\r\n...\r\n\r\n") to `out`.
    static void head(const http::Response& resp, std::string& out);
};

}  // namespace ta::fcgi
