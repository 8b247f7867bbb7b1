#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace ta::token {

// Writes one flat JSON object, members in the order added, for a JWT header or payload.
// Strings are escaped as Poco's stringify() escaped them ("\"", "\\", \b \f \n \r \t,
// other control characters as \u00XX, everything else as is), so that a token signed
// here carries the same bytes as one Poco signed: the caller adds the members in the
// order Poco's sorted object wrote them.
class ClaimsWriter {
public:
    ClaimsWriter& add(std::string_view key, std::string_view value);
    ClaimsWriter& add(std::string_view key, std::int64_t value);
    // The object so far, closed.
    std::string json() const { return json_.empty() ? "{}" : json_ + "}"; }

private:
    void key(std::string_view k);
    void quoted(std::string_view s);

    std::string json_;
};

}  // namespace ta::token
