#include "fcgi/RecordScan.h"

#include <cstring>
#include <string_view>

#include "fcgi/ParamPairs.h"

namespace ta::fcgi {

namespace {
constexpr int kBeginRequest = 1;
constexpr int kParams = 4;
constexpr int kStdin = 5;

RecordScan malformed(RecordScan s, std::string why) {
    s.state = RecordScan::State::Malformed;
    s.reason = std::move(why);
    return s;
}

// Every pair's lengths within what was sent; keeps the few params the log names. In
// place: copying each name and value cost ~60 allocations per request (bench/profile).
// `plain` turns false on a name holding '=': libfcgi's "NAME=value" string would be found
// under the name before it (a NUL in a name makes it match none there, nor in
// FcgiParams).
bool checkPairs(const unsigned char* p, std::size_t n, RecordScan& s, bool& plain) {
    ParamPairs pairs(std::string_view(reinterpret_cast<const char*>(p), n));
    std::string_view key, val;
    for (;;) {
        switch (pairs.next(key, val)) {
            case ParamPairs::Step::End:
                return true;
            case ParamPairs::Step::CutShort:
                s.reason = "a params name-value length cut short";
                return false;
            case ParamPairs::Step::TooLong:
                s.reason = "a params name-value pair announces " + std::to_string(pairs.nameLen) +
                           "+" + std::to_string(pairs.valueLen) + " bytes, more than the " +
                           std::to_string(n) + " bytes of params sent";
                return false;
            case ParamPairs::Step::Pair:
                break;
        }
        if (std::memchr(key.data(), '=', key.size())) plain = false;
        if (key == "REQUEST_METHOD") s.method = val.substr(0, 10);
        if (key == "REQUEST_URI") s.uri = val.substr(0, 200);
        if (key == "HTTP_X_REQUEST_ID") s.requestId = val.substr(0, 64);
    }
}

// After an Authorizer's params: nothing, or FCGI_STDIN records of request `id` up to an
// empty one, and the data ends there (lighttpd sends an empty FCGI_STDIN with a GET's
// params and nothing with a POST's; mod_authnz_fcgi sends none).
bool onlyStdinFollows(const unsigned char* d, std::size_t n, int id) {
    std::size_t pos = 0;
    while (pos < n) {
        if (n - pos < 8) return false;
        const unsigned char* h = d + pos;
        std::size_t len = (static_cast<std::size_t>(h[4]) << 8) | h[5];
        if (h[0] != 1 || h[1] != kStdin || ((h[2] << 8) | h[3]) != id || n - pos - 8 < len + h[6])
            return false;
        pos += 8 + len + h[6];
        if (len == 0) return pos == n;
    }
    return true;
}
}  // namespace

RecordScan RecordScan::scan(const unsigned char* d, std::size_t n, std::size_t maxParams) {
    RecordScan s;
    int id = -1;  // the request's id once FCGI_BEGIN_REQUEST arrived
    bool plain = true;
    // The params stream: in place while it is one record (lighttpd, Apache), else copied.
    const unsigned char* params = nullptr;
    std::size_t paramsSize = 0;
    std::string joined;
    std::size_t pos = 0;
    while (n - pos >= 8) {
        const unsigned char* h = d + pos;
        if (h[0] != 1) return malformed(s, "FastCGI version " + std::to_string(h[0]) + ", not 1");
        int type = h[1];
        int rid = (h[2] << 8) | h[3];
        std::size_t len = (static_cast<std::size_t>(h[4]) << 8) | h[5];
        std::size_t pad = h[6];
        if (n - pos - 8 < len + pad) break;  // the rest of this record is still to come
        const unsigned char* c = h + 8;
        pos += 8 + len + pad;
        if (type == kBeginRequest) {
            if (rid == 0 || len != 8) return malformed(s, "a malformed FCGI_BEGIN_REQUEST");
            if (id >= 0) {  // another request: libfcgi answers FCGI_CANT_MPX_CONN
                plain = false;
                continue;
            }
            if (pos != 8 + len + pad) plain = false;  // something came before it
            id = rid;
            s.role = (c[0] << 8) | c[1];
            if (s.role != kResponder && s.role != kAuthorizer)
                return malformed(s, "FastCGI role " + std::to_string(s.role) + " not served");
            continue;
        }
        // Management records (id 0) and other requests' records: libfcgi skips them.
        if (rid == 0 || id < 0 || rid != id) {
            plain = false;
            continue;
        }
        if (!s.paramsDone) {
            if (type != kParams)
                return malformed(
                    s, "record type " + std::to_string(type) + " before the params ended");
            if (len > 0) {
                if (paramsSize + len > maxParams)
                    return malformed(s, "params over " + std::to_string(maxParams) + " bytes");
                if (paramsSize == 0) {
                    params = c;
                } else {
                    if (joined.empty())
                        joined.assign(reinterpret_cast<const char*>(params), paramsSize);
                    joined.append(reinterpret_cast<const char*>(c), len);
                    params = reinterpret_cast<const unsigned char*>(joined.data());
                }
                paramsSize += len;
                continue;
            }
            if (!checkPairs(params, paramsSize, s, plain)) return malformed(s, s.reason);
            s.paramsDone = true;
            if (s.role == kAuthorizer) {
                s.state = State::Complete;  // no body (mod_authnz_fcgi sends no FCGI_STDIN)
                s.plain = plain && onlyStdinFollows(d + pos, n - pos, id);
                return s;
            }
            continue;
        }
        // FCGI_ABORT_REQUEST and anything else here ends libfcgi's read with an error.
        if (type != kStdin)
            return malformed(s, "record type " + std::to_string(type) + " in the request body");
        if (len == 0) {
            s.state = State::Complete;
            s.plain = plain && pos == n;
            return s;
        }
        s.bodyBytes += len;
    }
    return s;
}

}  // namespace ta::fcgi
