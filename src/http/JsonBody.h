#pragma once
#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <optional>
#include <string>

namespace ta::http {

// A request body that must be one JSON object. Every failure is a 400 ApiError naming
// the problem or the field, so handlers only state what they need.
class JsonBody {
public:
    explicit JsonBody(const std::string& body);

    std::string requireString(const std::string& field) const;
    // Absent or null: nullopt. Present with another type: 400.
    std::optional<std::string> optionalString(const std::string& field) const;
    // An integer in [lo, hi]: absent or null is nullopt; another type, a fraction or
    // a value outside the range is 400 "<field> must be an integer from lo to hi".
    std::optional<long long> optionalInt(const std::string& field, long long lo,
                                         long long hi) const;
    std::optional<bool> optionalBool(const std::string& field) const;
    // 400 "<key> is not a known field" for the first key not in `known`.
    void allowOnly(std::initializer_list<const char*> known) const;
    const Poco::JSON::Object& object() const { return *object_; }

private:
    Poco::JSON::Object::Ptr object_;
};

}  // namespace ta::http
