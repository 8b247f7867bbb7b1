// Raw FastCGI bytes as a connection sends them: RecordScan judges them as the gate does,
// WireExchange reads them (it must take every request RecordScan calls plain, refuse or
// read the rest without reading past the bytes), and answers with records that carry
// exactly the head and body.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "Input.h"
#include "fcgi/FcgiExchange.h"
#include "fcgi/RecordScan.h"
#include "fcgi/WireExchange.h"

using namespace ta;

namespace {
// The FCGI_STDOUT stream of an answer, checked to be whole records ending in
// FCGI_END_REQUEST for `id`.
std::string stdoutOf(const std::string& a, int id) {
    std::string out;
    size_t pos = 0;
    bool ended = false;
    while (pos < a.size()) {
        if (ended || a.size() - pos < 8 || a[pos] != 1) std::abort();
        auto u = [&](size_t i) { return static_cast<unsigned char>(a[pos + i]); };
        size_t len = (u(4) << 8) | u(5), pad = u(6);
        if (((u(2) << 8) | u(3)) != id || a.size() - pos - 8 < len + pad) std::abort();
        if (u(1) == 6)
            out.append(a, pos + 8, len);
        else if (u(1) == 3 && len == 8)
            ended = true;
        else
            std::abort();
        pos += 8 + len + pad;
    }
    if (!ended) std::abort();
    return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // A heap copy of exactly the input, so ASan sees a read past its end.
    std::unique_ptr<unsigned char[]> bytes(new unsigned char[size ? size : 1]);
    if (size) std::memcpy(bytes.get(), data, size);
    fcgi::RecordScan s = fcgi::RecordScan::scan(bytes.get(), size, 60 * 1024);
    std::string_view in(reinterpret_cast<const char*>(bytes.get()), size);
    for (bool readBody : {true, false}) {
        http::Request req;
        fcgi::WireExchange::Begin b;
        std::string scratch;
        bool ok = fcgi::WireExchange::parse(in, readBody, req, b, scratch);
        if (s.state == fcgi::RecordScan::State::Complete && s.plain && !ok) std::abort();
        if (!ok) continue;
        // What the rest relies on, as for fuzz/fcgi_request.cpp.
        if (b.id == 0 || (b.role != 1 && b.role != 2) || req.requestId.empty() ||
            req.requestId.size() > 64 ||
            req.requestId.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                            "0123456789-_.") != std::string::npos ||
            req.body.size() > http::Request::kMaxBody || (!readBody && !req.body.empty()) ||
            req.host.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
            std::abort();
        http::Response resp;
        resp.status = 200 + static_cast<int>(size % 300);
        resp.contentType = req.contentType;
        resp.body = req.body + req.path;
        resp.headOnly = req.method == "HEAD";
        std::string answer, head;
        fcgi::WireExchange::answer(b.id, resp, answer);
        fcgi::FcgiExchange::head(resp, head);
        if (stdoutOf(answer, b.id) != head + (resp.headOnly ? "" : resp.body)) std::abort();
    }
    return 0;
}
