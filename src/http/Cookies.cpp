#include "http/Cookies.h"

namespace ta::http {

void Cookies::set(Response& r, std::string_view name, std::string_view value, long maxAge) const {
    std::string v;
    v.reserve(name.size() + value.size() + 64);
    v.append(name).append("=").append(value);
    v.append("; Max-Age=").append(std::to_string(maxAge));
    v.append("; Path=/; HttpOnly; SameSite=Lax");
    if (secure_) v.append("; Secure");
    r.addHeader("Set-Cookie", std::move(v));
}

void Cookies::clear(Response& r, std::string_view name) const { set(r, name, "", 0); }

std::string Cookies::find(std::string_view header, std::string_view name) {
    size_t pos = 0;
    while (pos < header.size()) {
        size_t end = header.find(';', pos);
        if (end == std::string_view::npos) end = header.size();
        std::string_view part = header.substr(pos, end - pos);
        while (!part.empty() && (part.front() == ' ' || part.front() == '\t')) part.remove_prefix(1);
        size_t eq = part.find('=');
        if (eq != std::string_view::npos) {
            std::string_view key = part.substr(0, eq);
            while (!key.empty() && key.back() == ' ') key.remove_suffix(1);
            if (key == name) {
                std::string_view value = part.substr(eq + 1);
                while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
                while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
                if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                    value = value.substr(1, value.size() - 2);
                return std::string(value);
            }
        }
        pos = end + 1;
    }
    return {};
}

}  // namespace ta::http
