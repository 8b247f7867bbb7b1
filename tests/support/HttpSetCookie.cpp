#include "HttpSetCookie.h"

#include <algorithm>
#include <cctype>

namespace ta::test {

namespace {
std::string trim(const std::string& s) {
    size_t b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    size_t e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}
}  // namespace

HttpSetCookie HttpSetCookie::parse(const std::string& header) {
    HttpSetCookie c;
    c.raw = header;
    size_t pos = 0;
    bool first = true;
    while (pos <= header.size()) {
        size_t semi = header.find(';', pos);
        std::string part = trim(header.substr(pos, semi == std::string::npos ? std::string::npos : semi - pos));
        size_t eq = part.find('=');
        std::string key = trim(part.substr(0, eq));
        std::string val = eq == std::string::npos ? "" : trim(part.substr(eq + 1));
        if (first) {
            c.name = key;
            c.value = val;
            c.present = true;
            first = false;
        } else if (!key.empty()) {
            std::transform(key.begin(), key.end(), key.begin(), [](unsigned char ch) { return std::tolower(ch); });
            c.attributes[key] = val;
        }
        if (semi == std::string::npos) break;
        pos = semi + 1;
    }
    return c;
}

}  // namespace ta::test
