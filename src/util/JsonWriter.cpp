#include "util/JsonWriter.h"

#include <charconv>
#include <cstring>

namespace ta::util {

namespace {
// 0: as it is; 'u': \u00XX; else the letter after the backslash.
struct EscapeTable {
    char code[256] = {};
    constexpr EscapeTable() {
        for (int c = 0; c < 0x20; ++c) code[c] = 'u';
        code[static_cast<unsigned char>('\b')] = 'b';
        code[static_cast<unsigned char>('\t')] = 't';
        code[static_cast<unsigned char>('\n')] = 'n';
        code[static_cast<unsigned char>('\f')] = 'f';
        code[static_cast<unsigned char>('\r')] = 'r';
        code[static_cast<unsigned char>('"')] = '"';
        code[static_cast<unsigned char>('\\')] = '\\';
    }
};
constexpr EscapeTable kEscape;
constexpr char kHex[] = "0123456789ABCDEF";

// Whether any of the 8 bytes in `x` needs escaping: below 0x20, '"' or '\\'. Exact as a
// yes/no (the classic haszero/hasless word tests); most strings have no such byte, and
// skipping them 8 at a time halves the cost of escaping (callgrind, /api/users/me).
bool anySpecial(std::uint64_t x) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
    auto zeroByte = [&](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
    return (((x - kOnes * 0x20) & ~x & kHighs) | zeroByte(x ^ (kOnes * '"')) |
            zeroByte(x ^ (kOnes * '\\'))) != 0;
}
}  // namespace

void JsonWriter::escape(std::string& out, std::string_view s) {
    const char* p = s.data();
    std::size_t n = s.size(), run = 0;  // run: start of the bytes not yet appended
    for (std::size_t i = 0; i < n;) {
        if (n - i >= 8) {
            std::uint64_t word;
            std::memcpy(&word, p + i, 8);
            if (!anySpecial(word)) {
                i += 8;
                continue;
            }
        }
        char code = kEscape.code[static_cast<unsigned char>(p[i])];
        if (code != 0) {
            out.append(p + run, i - run);
            run = i + 1;
            if (code == 'u') {
                unsigned char c = static_cast<unsigned char>(p[i]);
                char u[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
                out.append(u, sizeof u);
            } else {
                char e[2] = {'\\', code};
                out.append(e, sizeof e);
            }
        }
        ++i;
    }
    out.append(p + run, n - run);
}

void JsonWriter::separate() {
    if (out_.empty()) return;
    char last = out_.back();
    if (last != '{' && last != '[' && last != ':') out_ += ',';
}

JsonWriter& JsonWriter::beginObject() {
    separate();
    out_ += '{';
    return *this;
}

JsonWriter& JsonWriter::endObject() {
    out_ += '}';
    return *this;
}

JsonWriter& JsonWriter::beginArray() {
    separate();
    out_ += '[';
    return *this;
}

JsonWriter& JsonWriter::endArray() {
    out_ += ']';
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    separate();
    out_ += '"';
    escape(out_, name);
    out_.append("\":", 2);
    return *this;
}

JsonWriter& JsonWriter::string(std::string_view value) {
    separate();
    out_ += '"';
    escape(out_, value);
    out_ += '"';
    return *this;
}

JsonWriter& JsonWriter::stringOrNull(const std::optional<std::string>& value) {
    return value ? string(*value) : null();
}

JsonWriter& JsonWriter::boolean(bool value) {
    separate();
    if (value)
        out_.append("true", 4);
    else
        out_.append("false", 5);
    return *this;
}

JsonWriter& JsonWriter::integer(std::int64_t value) {
    separate();
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    out_.append(digits, static_cast<std::size_t>(end - digits));
    return *this;
}

JsonWriter& JsonWriter::null() {
    separate();
    out_.append("null", 4);
    return *this;
}

}  // namespace ta::util
