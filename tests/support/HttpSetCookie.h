// One parsed Set-Cookie header: name=value plus attributes.
#pragma once

#include <map>
#include <string>

namespace ta::test {

struct HttpSetCookie {
    bool present = false;
    std::string name;
    std::string value;
    std::string raw;
    // Attribute names lower-cased ("httponly", "max-age", ...); flags map to "".
    std::map<std::string, std::string> attributes;

    bool has(const std::string& lowerName) const { return attributes.count(lowerName) > 0; }
    std::string attr(const std::string& lowerName) const {
        auto it = attributes.find(lowerName);
        return it == attributes.end() ? std::string() : it->second;
    }

    static HttpSetCookie parse(const std::string& header);
};

}  // namespace ta::test
