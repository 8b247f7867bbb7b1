#pragma once
#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

namespace ta::http {

// A request body that must be one JSON object. Every failure is a 400 ApiError naming
// the problem or the field, so handlers only state what they need.
class JsonBody {
public:
    explicit JsonBody(const std::string& body);

    std::string requireString(const std::string& field) const;
    // Absent or null: nullopt. Present with another type: 400.
    std::optional<std::string> optionalString(const std::string& field) const;

private:
    Poco::JSON::Object::Ptr object_;
};

}  // namespace ta::http
