#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "http/Request.h"

namespace ta::fcgi {

// Fills an http::Request from FastCGI params, whichever reader found them (FcgiExchange
// through libfcgi's envp, WireExchange from the records): one pass over the params, each
// name the Request needs taken once, the first occurrence winning as with libfcgi's
// FCGX_GetParam; the others are skipped. Before, 13 FCGX_GetParam lookups each walked
// the ~30 envp strings (9k instructions of a /me request, bench/profile).
class FcgiParams {
public:
    explicit FcgiParams(http::Request& req) : req_(req) {}

    // `value` as libfcgi's C string has it (cut at a NUL). Views are kept until finish().
    void add(std::string_view name, std::string_view value);
    // The fields derived from several params or from none: host, https, the request id.
    void finish();
    // CONTENT_LENGTH as std::atoll reads it; 0 when absent.
    long long contentLength() const;

    // An X-Request-ID that may go unquoted into log lines and the X-Request-Id answer.
    static bool saneRequestId(std::string_view id);
    // 16 hex digits (8 bytes of util::Random), from a per-thread buffer refilled 512 ids
    // at a time: one RAND_bytes call per id cost 7k instructions per request.
    static std::string freshRequestId();

private:
    http::Request& req_;
    std::uint32_t seen_ = 0;
    std::string_view https_, requestId_, contentLength_;
};

}  // namespace ta::fcgi
