// A Cookie header: the first line is the cookie name looked up, the rest the header.
#include "http/Cookies.h"

#include <string>

#include "Input.h"

using namespace ta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    size_t nl = in.find('\n');
    std::string name(in.substr(0, nl));
    std::string header(nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1));
    (void)http::Cookies::find(header, name);
    for (const char* c : {"refresh_token", "refreshToken", "accessToken", "oauth_2fa"})
        (void)http::Cookies::find(header, c);
    return 0;
}
