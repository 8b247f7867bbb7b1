#include "token/ClaimsWriter.h"

namespace ta::token {

ClaimsWriter& ClaimsWriter::add(std::string_view k, std::string_view value) {
    key(k);
    quoted(value);
    return *this;
}

ClaimsWriter& ClaimsWriter::add(std::string_view k, std::int64_t value) {
    key(k);
    json_ += std::to_string(value);
    return *this;
}

void ClaimsWriter::key(std::string_view k) {
    json_ += json_.empty() ? '{' : ',';
    quoted(k);
    json_ += ':';
}

void ClaimsWriter::quoted(std::string_view s) {
    static const char* digits = "0123456789ABCDEF";
    json_ += '"';
    for (char c : s) {
        switch (c) {
            case '"':
                json_ += "\\\"";
                break;
            case '\\':
                json_ += "\\\\";
                break;
            case '\b':
                json_ += "\\b";
                break;
            case '\f':
                json_ += "\\f";
                break;
            case '\n':
                json_ += "\\n";
                break;
            case '\r':
                json_ += "\\r";
                break;
            case '\t':
                json_ += "\\t";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    json_ += "\\u00";
                    json_ += digits[static_cast<unsigned char>(c) >> 4];
                    json_ += digits[c & 15];
                } else {
                    json_ += c;
                }
        }
    }
    json_ += '"';
}

}  // namespace ta::token
