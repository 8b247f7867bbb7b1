#include "http/Request.h"

#include <cctype>

#include "http/Cookies.h"
#include "http/NulCheck.h"

namespace ta::http {

std::string Request::cookie(std::string_view name) const {
    return Cookies::find(cookieHeader, name);
}

std::string Request::queryParam(std::string_view name) const {
    std::string_view q = query;
    size_t pos = 0;
    while (pos <= q.size()) {
        size_t end = q.find('&', pos);
        if (end == std::string_view::npos) end = q.size();
        std::string_view part = q.substr(pos, end - pos);
        size_t eq = part.find('=');
        std::string_view key = part.substr(0, eq);
        if (percentDecode(key) == name) {
            if (eq == std::string_view::npos) return {};
            std::string value = percentDecode(part.substr(eq + 1));
            refuseNul(value, std::string(name));  // %00
            return value;
        }
        pos = end + 1;
    }
    return {};
}

bool Request::isJson() const {
    std::string_view ct = contentType;
    size_t semi = ct.find(';');
    std::string_view type = ct.substr(0, semi);
    while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
    static const std::string_view want = "application/json";
    if (type.size() != want.size()) return false;
    for (size_t i = 0; i < want.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(type[i])) != want[i]) return false;
    return true;
}

std::string Request::normalizeHost(std::string_view h) {
    if (!h.empty() && h.front() == '[') {
        size_t close = h.find(']');
        h = close == std::string_view::npos ? h.substr(1) : h.substr(1, close - 1);
    } else {
        size_t colon = h.rfind(':');
        if (colon != std::string_view::npos) h = h.substr(0, colon);
    }
    while (!h.empty() && h.back() == '.') h.remove_suffix(1);
    std::string out(h);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string Request::percentDecode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out.push_back(
                static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
            i += 2;
        } else if (c == '+') {
            out.push_back(' ');
        } else {
            out.push_back(c);
        }
    }
    return out;
}

}  // namespace ta::http
