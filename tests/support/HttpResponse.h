// What the server answered, as a test sees it.
#pragma once

#include "HttpSetCookie.h"

#include <Poco/JSON/Object.h>

#include <string>
#include <utility>
#include <vector>

namespace ta::test {

class HttpResponse {
public:
    int status = 0;
    std::string reason;
    // In arrival order; repeated headers (Set-Cookie) are all kept.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    double seconds = 0;  // wall time of the exchange

    // First value of a header (case-insensitive name), "" when absent.
    std::string header(const std::string& name) const;
    bool hasHeader(const std::string& name) const;
    std::vector<std::string> headerValues(const std::string& name) const;

    // Body parsed as a JSON object; throws std::runtime_error (with the body) otherwise.
    Poco::JSON::Object::Ptr json() const;
    // json()->getValue<std::string>(key), or "" when the body has no such string member.
    std::string jsonString(const std::string& key) const;
    // The error message of an error body: "error" (OpenSight) or "message" (/api/v1).
    std::string errorMessage() const;

    // The last Set-Cookie for `name` (present == false when none).
    HttpSetCookie cookie(const std::string& name) const;

    // "STATUS body[:300] (rid=X-Request-Id)" for assertion messages.
    std::string describe() const;
};

}  // namespace ta::test
