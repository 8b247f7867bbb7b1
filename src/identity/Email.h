#pragma once
#include <string>

namespace ta::identity {

// local@domain: the local part a dot-atom of RFC 5322 atext (so o'brien and
// a+tag are valid), the domain dotted labels of letters, digits and hyphens,
// at most 254 bytes. No quoted local parts or IP literals; the mail round trip is
// the real check.
struct Email {
    static bool valid(const std::string& s);
};

}  // namespace ta::identity
