#include "tenant/Slug.h"

namespace ta::tenant {

bool Slug::valid(std::string_view s) {
    if (s.size() < 2 || s.size() > 40) return false;
    if (s[0] < 'a' || s[0] > 'z') return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

bool Slug::validHost(std::string_view h) {
    if (h.empty() || h.size() > 253) return false;
    for (char c : h)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == ':'))
            return false;
    return true;
}

}  // namespace ta::tenant
