#include "identity/Email.h"

#include <cctype>
#include <cstring>

namespace ta::identity {

namespace {
// RFC 5322 atext: letters, digits and these; dots separate atoms (dot-atom).
bool atext(unsigned char c) {
    return std::isalnum(c) || (c != 0 && std::strchr("!#$%&'*+-/=?^_`{|}~", c) != nullptr) ||
           c >= 0x80;
}

bool dotAtom(const std::string& s, bool (*allowed)(unsigned char)) {
    if (s.empty() || s.front() == '.' || s.back() == '.') return false;
    for (size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c == '.') {
            if (s[i + 1] == '.') return false;
        } else if (!allowed(c)) {
            return false;
        }
    }
    return true;
}

bool domainChar(unsigned char c) { return std::isalnum(c) || c == '-' || c >= 0x80; }
}  // namespace

bool Email::valid(const std::string& s) {
    if (s.size() < 3 || s.size() > 254) return false;
    size_t at = s.rfind('@');
    if (at == std::string::npos || at > 64) return false;
    std::string local = s.substr(0, at);
    std::string domain = s.substr(at + 1);
    if (!dotAtom(local, atext) || !dotAtom(domain, domainChar)) return false;
    if (domain.find('.') == std::string::npos) return false;
    // Labels may not start or end with a hyphen.
    for (size_t i = 0; i < domain.size(); ++i)
        if (domain[i] == '-' &&
            (i == 0 || domain[i - 1] == '.' || i + 1 == domain.size() || domain[i + 1] == '.'))
            return false;
    return true;
}

}  // namespace ta::identity
