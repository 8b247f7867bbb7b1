#pragma once
#include <fcgiapp.h>

#include "http/Request.h"
#include "http/Response.h"

namespace ta::fcgi {

// Turns one accepted FastCGI request into an http::Request and writes the answer.
struct FcgiExchange {
    static http::Request read(FCGX_Request& r);
    static void write(FCGX_Request& r, const http::Response& resp);
};

}  // namespace ta::fcgi
