#pragma once
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ta::http {

struct Response {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;
    // An answer to HEAD: status and headers (Content-Length of `body` too), no body sent.
    bool headOnly = false;

    static Response json(int status, const Poco::JSON::Object& object);
    // {"<key>": "<text>"}: the two error/message styles of the route families.
    static Response text(int status, const char* key, const std::string& text);
    static Response noContent();

    void addHeader(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
    }
};

// An object that keeps keys in insertion order, so answers read like the contract.
Poco::JSON::Object::Ptr orderedObject();
// The value, or JSON null when absent.
Poco::Dynamic::Var orNull(const std::optional<std::string>& v);

}  // namespace ta::http
