#include "util/Base64Url.h"

#include <array>
#include <cstdint>

namespace ta::util {

// Written out rather than through Poco's Base64Encoder/Decoder streams: under callgrind
// the stream decoder (istringstream, Base64DecoderBuf::readFromDevice per byte) cost
// about 19k instructions of each JWT verify, this loop a few hundred.
namespace {
constexpr char kUrl[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
constexpr char kStd[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 6-bit value of each base64url character, -1 for any other byte ('=' included).
constexpr std::array<std::int8_t, 256> kValue = [] {
    std::array<std::int8_t, 256> v{};
    for (auto& x : v) x = -1;
    for (int i = 0; i < 64; ++i)
        v[static_cast<unsigned char>(kUrl[i])] = static_cast<std::int8_t>(i);
    return v;
}();

std::string encodeWith(std::string_view data, const char* alphabet, bool pad) {
    std::size_t n = data.size(), rest = n % 3;
    std::string out(n / 3 * 4 + (rest == 0 ? 0 : pad ? 4 : rest + 1), '=');
    const auto* s = reinterpret_cast<const unsigned char*>(data.data());
    char* o = out.data();
    std::size_t i = 0;
    for (; i + 3 <= n; i += 3) {
        std::uint32_t w = (s[i] << 16) | (s[i + 1] << 8) | s[i + 2];
        *o++ = alphabet[w >> 18];
        *o++ = alphabet[(w >> 12) & 63];
        *o++ = alphabet[(w >> 6) & 63];
        *o++ = alphabet[w & 63];
    }
    if (rest) {
        std::uint32_t w = (s[i] << 16) | (rest == 2 ? s[i + 1] << 8 : 0);
        *o++ = alphabet[w >> 18];
        *o++ = alphabet[(w >> 12) & 63];
        if (rest == 2) *o++ = alphabet[(w >> 6) & 63];
    }
    return out;  // any place left is padding
}
}  // namespace

std::string Base64Url::encode(std::string_view data) { return encodeWith(data, kUrl, false); }

std::string Base64Url::encodeStd(std::string_view data) { return encodeWith(data, kStd, true); }

std::optional<std::string> Base64Url::decode(std::string_view text) {
    std::string out;
    if (!decode(text, out)) return std::nullopt;
    return out;
}

// As Poco's decoder did: a final group of 2 or 3 characters gives 1 or 2 bytes and its
// unused low bits are ignored; 1 character left over, padding or any byte outside the
// alphabet refuses the text.
bool Base64Url::decode(std::string_view text, std::string& out) {
    std::size_t n = text.size(), rest = n % 4;
    if (rest == 1) return false;
    out.resize(n / 4 * 3 + (rest ? rest - 1 : 0));
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    char* o = out.data();
    std::size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        int a = kValue[s[i]], b = kValue[s[i + 1]], c = kValue[s[i + 2]], d = kValue[s[i + 3]];
        if ((a | b | c | d) < 0) return false;
        std::uint32_t w = (a << 18) | (b << 12) | (c << 6) | d;
        *o++ = static_cast<char>(w >> 16);
        *o++ = static_cast<char>(w >> 8);
        *o++ = static_cast<char>(w);
    }
    if (rest) {
        int a = kValue[s[i]], b = kValue[s[i + 1]], c = rest == 3 ? kValue[s[i + 2]] : 0;
        if ((a | b | c) < 0) return false;
        std::uint32_t w = (a << 18) | (b << 12) | (c << 6);
        *o++ = static_cast<char>(w >> 16);
        if (rest == 3) *o++ = static_cast<char>(w >> 8);
    }
    return true;
}

}  // namespace ta::util
