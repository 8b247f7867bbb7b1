#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "http/Request.h"
#include "http/Response.h"

namespace ta::fcgi {

// Reads and answers, without libfcgi, a request RecordScan found `plain` (one
// FCGI_BEGIN_REQUEST, its params and body, nothing else): what lighttpd and Apache send.
// The gate saw all of it in the socket already, so one recv() takes it and one send()
// carries the answer. Through libfcgi the same request cost ~27k instructions per /me
// (FCGX_Accept_r, FCGX_Finish_r and its streams, one malloc per param) and ten system
// calls (a dup, reads, shutdown, select and a read waiting for the web server's close).
// The params are read with the same rules as libfcgi's (FcgiParams), the answer is the
// same FCGI_STDOUT bytes with FCGI_END_REQUEST. One object per request thread: it keeps
// its buffers.
class WireExchange {
public:
    struct Begin {
        int id = 0;
        int role = 0;
        bool keepConnection = false;
    };

    // Takes exactly `size` bytes from the blocking socket `fd`: false if it failed (a
    // watchdog shutdown()).
    bool receive(int fd, std::size_t size);
    // The request received; `readBody` false leaves its body (the Authorizer role).
    // False if the bytes are not a plain request (never after RecordScan said they are).
    bool read(http::Request& req, bool readBody);
    const Begin& begin() const { return begin_; }
    // The answer in FCGI_STDOUT records, the stream's end and FCGI_END_REQUEST, in one
    // send(): false if the connection failed.
    bool write(int fd, const http::Response& resp);

    // The pure parts, for the unit tests and fuzz/fcgi_wire.cpp. `scratch`: room for
    // params split over several records.
    static bool parse(std::string_view data, bool readBody, http::Request& req, Begin& begin,
                      std::string& scratch);
    // Replaces `out` with the records answering request `id`.
    static void answer(int id, const http::Response& resp, std::string& out);

private:
    std::string in_, out_, scratch_;
    Begin begin_;
};

}  // namespace ta::fcgi
