#include "apikey/ApiKey.h"

namespace ta::apikey {

namespace {
bool lowerHex(const std::string& s, std::size_t from, std::size_t count) {
    if (s.size() != from + count) return false;
    for (std::size_t i = from; i < s.size(); ++i)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
    return true;
}
}  // namespace

bool ApiKey::wellFormed(const std::string& k) {
    return k.compare(0, 3, "sk_") == 0 && lowerHex(k, 3, 64);
}

bool ApiKey::validId(const std::string& id) {
    return id.compare(0, 4, "key_") == 0 && lowerHex(id, 4, 24);
}

}  // namespace ta::apikey
