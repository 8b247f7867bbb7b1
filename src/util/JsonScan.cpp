#include "util/JsonScan.h"

#include <array>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace ta::util {

namespace {
// Length of the UTF-8 sequence at s (first byte >= 0x80), 0 when it is not well formed
// (Unicode table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8Length(const char* p, const char* end) {
    const auto* s = reinterpret_cast<const unsigned char*>(p);
    std::size_t avail = static_cast<std::size_t>(end - p);
    auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i < avail && s[i] >= lo && s[i] <= hi;
    };
    unsigned char b = s[0];
    if (b >= 0xC2 && b <= 0xDF) return cont(1) ? 2 : 0;
    if (b >= 0xE0 && b <= 0xEF) {
        unsigned char lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
        return cont(1, lo, hi) && cont(2) ? 3 : 0;
    }
    if (b >= 0xF0 && b <= 0xF4) {
        unsigned char lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
        return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
    }
    return 0;
}

void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool hex4(const char*& p, const char* end, unsigned& out) {
    if (end - p < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
        char c = *p++;
        unsigned d;
        if (c >= '0' && c <= '9')
            d = static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = static_cast<unsigned>(c - 'A' + 10);
        else
            return false;
        out = out << 4 | d;
    }
    return true;
}

bool digit(char c) { return c >= '0' && c <= '9'; }

// Printable ASCII other than '"' and '\\': bytes a string holds as they are.
constexpr std::array<bool, 256> kPlain = [] {
    std::array<bool, 256> t{};
    for (int c = 0x20; c < 0x80; ++c) t[c] = c != '"' && c != '\\';
    return t;
}();
}  // namespace

bool JsonScan::object(std::string_view json, const Member& each) {
    p_ = json.data();
    end_ = p_ + json.size();
    // Decoded keys are never longer than their text: views into keys_ survive appends.
    keys_.clear();
    if (keys_.capacity() < json.size()) keys_.reserve(json.size());
    seen_.clear();
    whitespace();
    if (p_ == end_ || *p_ != '{') return false;
    ++p_;
    whitespace();
    if (p_ < end_ && *p_ == '}') {
        ++p_;
    } else {
        for (;;) {
            std::string_view key;
            whitespace();
            if (!string(key, keys_)) return false;
            for (std::string_view k : seen_)
                if (k == key) return false;
            seen_.push_back(key);
            whitespace();
            if (p_ == end_ || *p_ != ':') return false;
            ++p_;
            whitespace();
            Value v;
            if (!value(v) || !each(key, v)) return false;
            whitespace();
            if (p_ == end_) return false;
            if (*p_ == '}') {
                ++p_;
                break;
            }
            if (*p_ != ',') return false;
            ++p_;
        }
    }
    whitespace();
    return p_ == end_;
}

bool JsonScan::value(Value& v) {
    if (p_ == end_) return false;
    if (*p_ == '{' || *p_ == '[') {
        v.kind = Kind::Other;
        return nested();
    }
    return scalar(v);
}

bool JsonScan::scalar(Value& v) {
    switch (*p_) {
        case '"':
            v.kind = Kind::String;
            value_.clear();
            return string(v.string, value_);
        case 't':
            v.kind = Kind::Other;
            return literal("true");
        case 'f':
            v.kind = Kind::Other;
            return literal("false");
        case 'n':
            v.kind = Kind::Other;
            return literal("null");
        default:
            return (*p_ == '-' || digit(*p_)) && number(v);
    }
}

// Iterative, with the open containers' closers on stack_: a token of '[' cannot
// exhaust a worker thread's stack, at any depth the length allows.
bool JsonScan::nested() {
    stack_.clear();
    for (;;) {
        // p_ < end_, at the start of a value inside the open containers (or the outer one).
        if (*p_ == '{' || *p_ == '[') {
            stack_ += *p_ == '{' ? '}' : ']';
            ++p_;
            whitespace();
            if (p_ < end_ && *p_ == stack_.back()) {
                ++p_;
                stack_.pop_back();
            } else {
                if (!memberStart()) return false;
                continue;
            }
        } else {
            Value ignored;
            if (!scalar(ignored)) return false;
        }
        // A value is complete: close the containers that end here, or go on to the next.
        for (;;) {
            if (stack_.empty()) return true;
            whitespace();
            if (p_ == end_) return false;
            if (*p_ == stack_.back()) {
                ++p_;
                stack_.pop_back();
                continue;
            }
            if (*p_ != ',') return false;
            ++p_;
            if (!memberStart()) return false;
            break;
        }
    }
}

// Before a member of the innermost open container: its key and ':' when it is an object.
bool JsonScan::memberStart() {
    whitespace();
    if (stack_.back() == '}') {
        std::string_view key;
        value_.clear();
        if (!string(key, value_)) return false;
        whitespace();
        if (p_ == end_ || *p_ != ':') return false;
        ++p_;
        whitespace();
    }
    return p_ < end_;
}

// A string at p_: `out` views the text itself when it has no escape, else the decoded
// copy appended to `buffer`.
bool JsonScan::string(std::string_view& out, std::string& buffer) {
    if (p_ == end_ || *p_ != '"') return false;
    const char* start = ++p_;
    while (p_ < end_) {
        // One table load per plain character: this loop is most of a JWT payload's scan.
        const char* p = p_;
        while (p < end_ && kPlain[static_cast<unsigned char>(*p)]) ++p;
        p_ = p;
        if (p_ == end_) break;
        auto c = static_cast<unsigned char>(*p_);
        if (c == '"') {
            out = std::string_view(start, static_cast<std::size_t>(p_ - start));
            ++p_;
            return true;
        }
        if (c == '\\') break;
        if (c < 0x20) return false;
        if (c < 0x80) {
            ++p_;
        } else {
            std::size_t n = utf8Length(p_, end_);
            if (!n) return false;
            p_ += n;
        }
    }
    if (p_ == end_) return false;
    std::size_t from = buffer.size();
    buffer.append(start, static_cast<std::size_t>(p_ - start));
    while (p_ < end_) {
        auto c = static_cast<unsigned char>(*p_);
        if (c == '"') {
            out = std::string_view(buffer.data() + from, buffer.size() - from);
            ++p_;
            return true;
        }
        if (c == '\\') {
            if (!escape(buffer)) return false;
        } else if (c < 0x20) {
            return false;
        } else if (c < 0x80) {
            buffer += static_cast<char>(c);
            ++p_;
        } else {
            std::size_t n = utf8Length(p_, end_);
            if (!n) return false;
            buffer.append(p_, n);
            p_ += n;
        }
    }
    return false;
}

bool JsonScan::escape(std::string& buffer) {
    ++p_;  // the backslash
    if (p_ == end_) return false;
    char c = *p_++;
    switch (c) {
        case '"':
        case '\\':
        case '/':
            buffer += c;
            return true;
        case 'b':
            buffer += '\b';
            return true;
        case 'f':
            buffer += '\f';
            return true;
        case 'n':
            buffer += '\n';
            return true;
        case 'r':
            buffer += '\r';
            return true;
        case 't':
            buffer += '\t';
            return true;
        case 'u':
            break;
        default:
            return false;
    }
    unsigned cp = 0;
    if (!hex4(p_, end_, cp) || cp == 0) return false;
    if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate with no high one
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        unsigned low = 0;
        if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
        p_ += 2;
        if (!hex4(p_, end_, low) || low < 0xDC00 || low > 0xDFFF) return false;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    appendUtf8(buffer, cp);
    return true;
}

// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? ; Integer when it has neither part.
bool JsonScan::number(Value& v) {
    bool negative = *p_ == '-';
    if (negative) ++p_;
    const char* digits = p_;
    if (p_ == end_ || !digit(*p_)) return false;
    if (*p_ == '0')
        ++p_;
    else
        while (p_ < end_ && digit(*p_)) ++p_;
    const char* intEnd = p_;
    bool integer = true;
    if (p_ < end_ && *p_ == '.') {
        ++p_;
        if (p_ == end_ || !digit(*p_)) return false;
        while (p_ < end_ && digit(*p_)) ++p_;
        integer = false;
    }
    if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
        ++p_;
        if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
        if (p_ == end_ || !digit(*p_)) return false;
        while (p_ < end_ && digit(*p_)) ++p_;
        integer = false;
    }
    if (!integer) {
        // Poco refused a number beyond double's range (1e309) and took one below it (1e-400)
        // as 0; so does this, in the C locale whatever the process's is.
        static const locale_t c = newlocale(LC_ALL_MASK, "C", locale_t{});
        number_.assign(digits - (negative ? 1 : 0), p_);
        v.kind = Kind::Other;
        return !std::isinf(strtod_l(number_.c_str(), nullptr, c));
    }
    const std::uint64_t limit = negative ? std::uint64_t{1} << 63 : (std::uint64_t{1} << 63) - 1;
    std::uint64_t magnitude = 0;
    for (const char* d = digits; d < intEnd; ++d) {
        auto x = static_cast<std::uint64_t>(*d - '0');
        if (magnitude > (limit - x) / 10) return false;
        magnitude = magnitude * 10 + x;
    }
    v.kind = Kind::Integer;
    v.integer =
        negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
    return true;
}

bool JsonScan::literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() ||
        std::memcmp(p_, word.data(), word.size()) != 0)
        return false;
    p_ += word.size();
    return true;
}

void JsonScan::whitespace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
}

}  // namespace ta::util
