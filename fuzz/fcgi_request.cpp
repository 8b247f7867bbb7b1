// FastCGI params -> http::Request, then what handlers read from it: the input is
// NAME=VALUE lines (libfcgi's envp), an empty line, then the body (FCGI_STDIN).
#include <fcgiapp.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "Input.h"
#include "api/Bearer.h"
#include "api/Routes.h"
#include "apikey/ApiKey.h"
#include "fcgi/FcgiExchange.h"
#include "http/ApiError.h"

using namespace ta;

namespace {
void endOfStdin(FCGX_Stream* s) { s->isClosed = 1; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static const auto routes = api::buildRoutes();
    std::string_view in = fuzz::text(data, size);
    size_t blank = in.find("\n\n");
    std::vector<std::string> params;
    for (auto line : fuzz::split(in.substr(0, blank), '\n'))
        if (!line.empty()) params.emplace_back(line);
    std::vector<char*> envp;
    for (auto& p : params) envp.push_back(p.data());
    envp.push_back(nullptr);
    // A heap copy of exactly the body's bytes, so ASan sees a read past its end.
    std::string_view body =
        blank == std::string_view::npos ? std::string_view() : in.substr(blank + 2);
    std::unique_ptr<unsigned char[]> bytes(new unsigned char[body.size()]);
    if (!body.empty()) std::memcpy(bytes.get(), body.data(), body.size());

    FCGX_Stream stdinStream{};
    stdinStream.rdNext = stdinStream.stopUnget = bytes.get();
    stdinStream.stop = stdinStream.wrNext = bytes.get() + body.size();
    stdinStream.isReader = 1;
    stdinStream.fillBuffProc = endOfStdin;
    FCGX_Request r{};
    r.envp = envp.data();
    r.in = &stdinStream;

    http::Request req = fcgi::FcgiExchange::read(r, !body.empty() || size % 2);
    // What the rest relies on: the request id is written unquoted into log lines and the
    // X-Request-Id answer, the body is bounded, hosts are compared lower-cased.
    if (req.requestId.empty() || req.requestId.size() > 64 ||
        req.requestId.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                        "0123456789-_.") != std::string::npos ||
        req.body.size() > http::Request::kMaxBody ||
        req.host.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
        std::abort();
    for (const char* c :
         {"refresh_token", "refreshToken", "accessToken", "oauth_2fa", "oauth_state_github"})
        (void)req.cookie(c);
    for (const char* q : {"code", "state", "error", "limit", "offset", "type"}) {
        try {
            (void)req.queryParam(q);
        } catch (const http::ApiError&) {  // %00 in it: a 400 (http/NulCheck.h)
        }
    }
    (void)req.isJson();
    for (bool cookie : {false, true})
        (void)apikey::ApiKey::wellFormed(api::Bearer::extract(req, cookie));
    auto match = routes.match(req.method, req.path);
    for (const auto& [name, value] : match.params) (void)apikey::ApiKey::validId(value);
    return 0;
}
