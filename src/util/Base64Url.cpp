#include "util/Base64Url.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>

#include <sstream>

namespace ta::util {

namespace {
std::string encodeWith(std::string_view data, int options) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out, options);
    enc.rdbuf()->setLineLength(0);
    enc.write(data.data(), static_cast<std::streamsize>(data.size()));
    enc.close();
    return out.str();
}
}  // namespace

std::string Base64Url::encode(std::string_view data) {
    return encodeWith(data, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
}

std::string Base64Url::encodeStd(std::string_view data) { return encodeWith(data, 0); }

std::optional<std::string> Base64Url::decode(std::string_view text) {
    for (char c : text) {
        bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        if (!ok) return std::nullopt;
    }
    if (text.size() % 4 == 1) return std::nullopt;
    try {
        std::istringstream in{std::string(text)};
        Poco::Base64Decoder dec(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
        std::string out((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
        return out;
    } catch (...) {
        return std::nullopt;
    }
}

}  // namespace ta::util
