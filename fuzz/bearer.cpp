// The credential of a request (api::Bearer: Authorization header, else the
// accessToken cookie) and the API-key shape checks (apikey::ApiKey). The first line
// is the Authorization header, the rest the Cookie header.
#include "api/Bearer.h"

#include <string>

#include "Input.h"
#include "apikey/ApiKey.h"

using namespace ta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    size_t nl = in.find('\n');
    http::Request req;
    req.authorization = std::string(in.substr(0, nl));
    if (nl != std::string_view::npos) req.cookieHeader = std::string(in.substr(nl + 1));
    for (bool cookie : {false, true}) {
        std::string credential = api::Bearer::extract(req, cookie);
        (void)apikey::ApiKey::wellFormed(credential);
        (void)apikey::ApiKey::validId(credential);
    }
    (void)apikey::ApiKey::wellFormed(req.authorization);
    (void)apikey::ApiKey::validId(req.authorization);
    return 0;
}
