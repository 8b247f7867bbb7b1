#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "util/JsonWriter.h"

namespace ta::token {

// Writes one flat JSON object, members in the order added, for a JWT header or payload,
// with util::JsonWriter (strings escaped as Poco's stringify() escaped them), so that a
// token signed here carries the same bytes as one Poco signed: the caller adds the
// members in the order Poco's sorted object wrote them.
class ClaimsWriter {
public:
    ClaimsWriter() : w_(256) { w_.beginObject(); }

    ClaimsWriter& add(std::string_view key, std::string_view value) {
        w_.key(key).string(value);
        return *this;
    }
    ClaimsWriter& add(std::string_view key, std::int64_t value) {
        w_.key(key).integer(value);
        return *this;
    }
    // The object so far, closed.
    std::string json() const { return w_.str() + "}"; }

private:
    util::JsonWriter w_;
};

}  // namespace ta::token
