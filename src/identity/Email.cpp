#include "identity/Email.h"

namespace ta::identity {

bool Email::valid(const std::string& s) {
    if (s.size() < 3 || s.size() > 254) return false;
    size_t at = s.find('@');
    if (at == std::string::npos || at == 0 || s.find('@', at + 1) != std::string::npos) return false;
    size_t dot = s.find('.', at + 2);
    if (dot == std::string::npos || dot + 1 >= s.size()) return false;
    for (unsigned char c : s)
        if (c <= ' ' || c == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == ';' ||
            c == ',')
            return false;
    return true;
}

}  // namespace ta::identity
