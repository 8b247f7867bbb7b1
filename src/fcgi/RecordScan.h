#pragma once
#include <cstddef>
#include <string>

namespace ta::fcgi {

// What a FastCGI connection has sent so far (its bytes read with MSG_PEEK, not consumed),
// judged the way libfcgi's FCGX_Accept_r and FCGX_GetStr will read it: whether the
// request (FCGI_BEGIN_REQUEST, the params and, for a responder, the body up to its empty
// FCGI_STDIN record) is all there, so libfcgi reads it without blocking, or is malformed.
// Malformed includes a params name-value length larger than the params actually sent:
// Debian 12's libfcgi (partial CVE-2025-23016 fix) aborts the whole worker process on
// lengths near 2^31 (`fcgiapp.c:75: Malloc` assertion), so such a request never reaches it.
struct RecordScan {
    enum class State { Incomplete, Complete, Malformed };
    static constexpr int kResponder = 1;
    static constexpr int kAuthorizer = 2;

    State state = State::Incomplete;
    std::string reason;       // Malformed: why, for the log
    int role = 0;             // from FCGI_BEGIN_REQUEST; 0 before it arrived
    bool paramsDone = false;  // the params stream ended and its pairs are sane
    std::size_t bodyBytes = 0;
    // From the params once they ended, for the log line of a dropped request.
    std::string method, uri, requestId;
    // Complete, and the bytes scanned are that request and nothing else: one
    // FCGI_BEGIN_REQUEST, its params, its body (an Authorizer's optional FCGI_STDIN too)
    // and no other record (management, other ids), no param name holding '='.
    // Such a request is read by WireExchange, not libfcgi.
    bool plain = false;

    // `maxParams`: a params stream longer than this is Malformed.
    static RecordScan scan(const unsigned char* data, std::size_t size, std::size_t maxParams);
};

}  // namespace ta::fcgi
