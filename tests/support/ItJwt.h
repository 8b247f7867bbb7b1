// JWT inspection and forgery for tests: decoding without verification, and signing
// with keys the server does not know.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <vector>

namespace ta::test {

class ItJwt {
public:
    static std::string base64UrlEncode(const std::string& raw);
    static std::string base64UrlDecode(const std::string& text);
    // The dot-separated parts (normally 3).
    static std::vector<std::string> split(const std::string& token);
    // Decoded header / claims; throws std::runtime_error when the token is not a JWT.
    static Poco::JSON::Object::Ptr header(const std::string& token);
    static Poco::JSON::Object::Ptr claims(const std::string& token);
    // header.payload signed HS256 with `key`.
    static std::string signHs256(const std::string& headerJson, const std::string& claimsJson, const std::string& key);
    static std::string stringify(const Poco::JSON::Object::Ptr& object);
};

}  // namespace ta::test
