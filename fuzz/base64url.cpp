// util::Base64Url, which decodes every JWT part, opaque token and sealed secret: the
// decoder on arbitrary text, and encode/decode as inverses of each other.
#include "util/Base64Url.h"

#include <cstdlib>
#include <string>

#include "Input.h"

using namespace ta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    auto decoded = util::Base64Url::decode(in);
    if (decoded && util::Base64Url::decode(util::Base64Url::encode(*decoded)) != decoded)
        std::abort();
    if (util::Base64Url::decode(util::Base64Url::encode(in)) != std::string(in)) std::abort();
    (void)util::Base64Url::encodeStd(in);
    return 0;
}
