#pragma once
#include <string>

namespace ta::identity {

// Deliberately loose (local@domain.tld, no spaces or control characters, ≤ 254
// bytes): the mail round trip is the real check.
struct Email {
    static bool valid(const std::string& s);
};

}  // namespace ta::identity
