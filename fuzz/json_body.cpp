// A request body as every JSON handler reads it (http::JsonBody): parse, then the
// field accessors the handlers call.
#include <string>

#include "http/ApiError.h"
#include "http/JsonBody.h"

using namespace ta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string body(reinterpret_cast<const char*>(data), size);
    try {
        http::JsonBody b(body);
        for (const char* f : {"email", "password", "token", "username", "name", "code"}) {
            try {
                (void)b.optionalString(f);
                (void)b.requireString(f);
            } catch (const http::ApiError&) {
            }
        }
        for (const char* f : {"limit", "accessTokenTtl", "requestsPerMinute", "maxApiKeys"}) {
            try {
                (void)b.optionalInt(f, 0, 1000000);
                (void)b.optionalInt(f, -9223372036854775807LL - 1, 9223372036854775807LL);
            } catch (const http::ApiError&) {
            }
        }
        for (const char* f : {"enabled", "disabled", "smtpStarttls"}) {
            try {
                (void)b.optionalBool(f);
            } catch (const http::ApiError&) {
            }
        }
        try {
            b.allowOnly({"email", "password", "username"});
        } catch (const http::ApiError&) {
        }
    } catch (const http::ApiError&) {
    }
    return 0;
}
