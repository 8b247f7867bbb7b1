#include "fcgi/WireExchange.h"

#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "fcgi/FcgiExchange.h"
#include "fcgi/FcgiParams.h"
#include "fcgi/ParamPairs.h"

namespace ta::fcgi {

namespace {
constexpr int kBeginRequest = 1;
constexpr int kEndRequest = 3;
constexpr int kParams = 4;
constexpr int kStdin = 5;
constexpr int kStdout = 6;
constexpr std::size_t kHeader = 8;
// The largest record content that needs no padding (a multiple of 8 under 65,535).
constexpr std::size_t kMaxContent = 65528;

unsigned byteAt(std::string_view d, std::size_t i) { return static_cast<unsigned char>(d[i]); }

bool readBegin(std::string_view d, WireExchange::Begin& b, std::size_t& pos) {
    if (d.size() < 2 * kHeader || byteAt(d, 0) != 1 || byteAt(d, 1) != kBeginRequest ||
        byteAt(d, 4) != 0 || byteAt(d, 5) != 8)
        return false;
    b.id = static_cast<int>((byteAt(d, 2) << 8) | byteAt(d, 3));
    b.role = static_cast<int>((byteAt(d, 8) << 8) | byteAt(d, 9));
    b.keepConnection = (byteAt(d, 10) & 1) != 0;
    pos = 2 * kHeader + byteAt(d, 6);
    return b.id != 0 && (b.role == 1 || b.role == 2) && pos <= d.size();
}

// The params stream's pairs into `fields`, each as libfcgi's "NAME=value" C string would
// give it: the value cut at a NUL. A name holding '=' is not plain (libfcgi would find it
// under the name before the '='); one holding a NUL matches no name in either.
bool readPairs(std::string_view p, FcgiParams& fields) {
    ParamPairs pairs(p);
    std::string_view key, val;
    for (;;) {
        ParamPairs::Step step = pairs.next(key, val);
        if (step == ParamPairs::Step::End) return true;
        if (step != ParamPairs::Step::Pair) return false;
        if (std::memchr(key.data(), '=', key.size())) return false;
        fields.add(key, val.substr(0, val.find('\0')));
    }
}

void appendHeader(std::string& out, int type, int id, std::size_t len, std::size_t pad) {
    char h[kHeader] = {1,
                       static_cast<char>(type),
                       static_cast<char>((id >> 8) & 0xff),
                       static_cast<char>(id & 0xff),
                       static_cast<char>((len >> 8) & 0xff),
                       static_cast<char>(len & 0xff),
                       static_cast<char>(pad),
                       0};
    out.append(h, kHeader);
}
}  // namespace

bool WireExchange::receive(int fd, std::size_t size) {
    in_.resize(size);
    std::size_t got = 0;
    while (got < size) {
        ssize_t n = ::recv(fd, in_.data() + got, size - got, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        got += static_cast<std::size_t>(n);
    }
    std::size_t pos = 0;
    return readBegin(in_, begin_, pos);
}

bool WireExchange::read(http::Request& req, bool readBody) {
    return parse(in_, readBody, req, begin_, scratch_);
}

bool WireExchange::write(int fd, const http::Response& resp) {
    answer(begin_.id, resp, out_);
    std::size_t sent = 0;
    while (sent < out_.size()) {
        ssize_t n = ::send(fd, out_.data() + sent, out_.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

bool WireExchange::parse(std::string_view d, bool readBody, http::Request& req, Begin& b,
                         std::string& scratch) {
    std::size_t pos = 0;
    if (!readBegin(d, b, pos)) return false;
    FcgiParams fields(req);
    std::string_view params;
    bool joined = false, paramsDone = false;
    long long length = 0;
    while (pos < d.size()) {
        if (d.size() - pos < kHeader || byteAt(d, pos) != 1) return false;
        unsigned type = byteAt(d, pos + 1);
        auto id = static_cast<int>((byteAt(d, pos + 2) << 8) | byteAt(d, pos + 3));
        std::size_t len = (byteAt(d, pos + 4) << 8) | byteAt(d, pos + 5);
        std::size_t pad = byteAt(d, pos + 6);
        if (id != b.id || d.size() - pos - kHeader < len + pad) return false;
        std::string_view content = d.substr(pos + kHeader, len);
        pos += kHeader + len + pad;
        if (!paramsDone) {
            if (type != kParams) return false;
            if (len > 0) {
                if (params.empty()) {
                    params = content;
                } else {
                    if (!joined) scratch.assign(params);
                    joined = true;
                    scratch.append(content);
                    params = scratch;
                }
                continue;
            }
            if (!readPairs(params, fields)) return false;
            fields.finish();
            paramsDone = true;
            length = fields.contentLength();
            if (readBody && length > static_cast<long long>(http::Request::kMaxBody))
                req.bodyTooLarge = true;
            continue;
        }
        if (type != kStdin) return false;
        // The body as FCGX_GetStr(CONTENT_LENGTH) reads it: at most that many bytes.
        if (len == 0) return pos == d.size();
        if (readBody && !req.bodyTooLarge && static_cast<long long>(req.body.size()) < length)
            req.body.append(content.substr(0, static_cast<std::size_t>(length) - req.body.size()));
    }
    // The data ended without an empty FCGI_STDIN: an Authorizer's may end with its params.
    return paramsDone && b.role == 2;
}

void WireExchange::answer(int id, const http::Response& resp, std::string& out) {
    out.clear();
    out.append(kHeader, '\0');  // the first FCGI_STDOUT header, filled in below
    FcgiExchange::head(resp, out);
    if (!resp.headOnly) out += resp.body;
    std::size_t content = out.size() - kHeader;
    if (content > kMaxContent) {  // a large answer: split over several records
        std::string whole = out.substr(kHeader);
        out.clear();
        for (std::size_t at = 0; at < whole.size(); at += kMaxContent) {
            std::size_t len = std::min(kMaxContent, whole.size() - at);
            std::size_t pad = (8 - len % 8) % 8;
            appendHeader(out, kStdout, id, len, pad);
            out.append(whole, at, len);
            out.append(pad, '\0');
        }
    } else {
        std::size_t pad = (8 - content % 8) % 8;
        std::string first;
        appendHeader(first, kStdout, id, content, pad);
        out.replace(0, kHeader, first);
        out.append(pad, '\0');
    }
    appendHeader(out, kStdout, id, 0, 0);  // the end of FCGI_STDOUT
    appendHeader(out, kEndRequest, id, 8, 0);
    out.append(8, '\0');  // appStatus 0, FCGI_REQUEST_COMPLETE
}

}  // namespace ta::fcgi
