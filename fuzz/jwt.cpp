// JWT parse and verify (token::Jwt, token::AccessTokens) as the Authorizer and every
// bearer route run them. The input is tried twice: as a presented token, and as a
// header and payload (JSON, separated by a newline) signed with the tenant's key, so
// the claim checks behind the MAC are reached too.
#include "token/Jwt.h"

#include <string>

#include "Input.h"
#include "tenant/Tenant.h"
#include "token/AccessTokens.h"
#include "util/Base64Url.h"
#include "util/Clock.h"
#include "util/Digest.h"

using namespace ta;

namespace {
const tenant::Tenant& fixture() {
    static const tenant::Tenant t = [] {
        tenant::Tenant x;
        x.slug = "alpha";
        x.keys.push_back({"k2", std::string(32, 'b'), 1700000000, 0});
        x.keys.push_back({"k1", std::string(32, 'a'), 1690000000, 1699999990});
        return x;
    }();
    return t;
}

void verify(std::string_view token) {
    static const util::ManualClock clock(1700000000000);
    static const token::AccessTokens tokens(clock);
    (void)token::Jwt::verifyHs256(token, [](const std::string& kid) -> const std::string* {
        for (const auto& k : fixture().keys)
            if (k.kid == kid) return &k.secret;
        return nullptr;
    });
    (void)tokens.verify(fixture(), token);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    verify(in);
    size_t nl = in.find('\n');
    if (nl == std::string_view::npos) return 0;
    std::string signingInput = util::Base64Url::encode(in.substr(0, nl)) + "." +
                               util::Base64Url::encode(in.substr(nl + 1));
    for (const auto& k : fixture().keys)
        verify(signingInput + "." +
               util::Base64Url::encode(util::Digest::hmacSha256(k.secret, signingInput)));
    return 0;
}
