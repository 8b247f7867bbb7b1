#include "fcgi/RecordScan.h"

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

// One FastCGI name or value length at p[i]: one byte below 0x80, else four.
bool readLength(const std::string& p, std::size_t& i, std::size_t& out) {
    if (i >= p.size()) return false;
    auto b = static_cast<unsigned char>(p[i]);
    if (b < 0x80) {
        out = b;
        i += 1;
        return true;
    }
    if (p.size() - i < 4) return false;
    out = (static_cast<std::size_t>(b & 0x7f) << 24) |
          (static_cast<std::size_t>(static_cast<unsigned char>(p[i + 1])) << 16) |
          (static_cast<std::size_t>(static_cast<unsigned char>(p[i + 2])) << 8) |
          static_cast<std::size_t>(static_cast<unsigned char>(p[i + 3]));
    i += 4;
    return true;
}

// Every pair's lengths within what was sent; keeps the few params the log names.
bool checkPairs(const std::string& p, RecordScan& s) {
    std::size_t i = 0;
    while (i < p.size()) {
        std::size_t name = 0, value = 0;
        if (!readLength(p, i, name) || !readLength(p, i, value)) {
            s.reason = "a params name-value length cut short";
            return false;
        }
        if (name > p.size() - i || value > p.size() - i - name) {
            s.reason = "a params name-value pair announces " + std::to_string(name) + "+" +
                       std::to_string(value) + " bytes, more than the " + std::to_string(p.size()) +
                       " bytes of params sent";
            return false;
        }
        std::string key = p.substr(i, name);
        std::string val = p.substr(i + name, value);
        if (key == "REQUEST_METHOD") s.method = val.substr(0, 10);
        if (key == "REQUEST_URI") s.uri = val.substr(0, 200);
        if (key == "HTTP_X_REQUEST_ID") s.requestId = val.substr(0, 64);
        i += name + value;
    }
    return true;
}
}  // namespace

RecordScan RecordScan::scan(const unsigned char* d, std::size_t n, std::size_t maxParams) {
    RecordScan s;
    int id = -1;  // the request's id once FCGI_BEGIN_REQUEST arrived
    std::string params;
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
            if (id >= 0) continue;  // another request: libfcgi answers FCGI_CANT_MPX_CONN
            id = rid;
            s.role = (c[0] << 8) | c[1];
            if (s.role != kResponder && s.role != kAuthorizer)
                return malformed(s, "FastCGI role " + std::to_string(s.role) + " not served");
            continue;
        }
        // Management records (id 0) and other requests' records: libfcgi skips them.
        if (rid == 0 || id < 0 || rid != id) continue;
        if (!s.paramsDone) {
            if (type != kParams)
                return malformed(
                    s, "record type " + std::to_string(type) + " before the params ended");
            if (len > 0) {
                params.append(reinterpret_cast<const char*>(c), len);
                if (params.size() > maxParams)
                    return malformed(s, "params over " + std::to_string(maxParams) + " bytes");
                continue;
            }
            if (!checkPairs(params, s)) return malformed(s, s.reason);
            s.paramsDone = true;
            if (s.role == kAuthorizer) {
                s.state = State::Complete;  // no body (mod_authnz_fcgi sends no FCGI_STDIN)
                return s;
            }
            continue;
        }
        // FCGI_ABORT_REQUEST and anything else here ends libfcgi's read with an error.
        if (type != kStdin)
            return malformed(s, "record type " + std::to_string(type) + " in the request body");
        if (len == 0) {
            s.state = State::Complete;
            return s;
        }
        s.bodyBytes += len;
    }
    return s;
}

}  // namespace ta::fcgi
