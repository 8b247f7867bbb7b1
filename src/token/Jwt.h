#pragma once
#include <functional>
#include <string>
#include <string_view>

#include <Poco/JSON/Object.h>

namespace ta::token {

// HS256 only. Poco's JWT classes build and parse; the MAC is checked here with a
// constant-time compare, because Poco's verify() compares signatures with memcmp and
// checks no claim. Claims are the caller's job.
struct Jwt {
    using KeyLookup = std::function<const std::string*(const std::string& kid)>;

    static std::string signHs256(const std::string& kid, const std::string& key,
                                 const Poco::JSON::Object& claims);
    // The payload when the header says alg HS256, the kid names a key and the MAC
    // matches; null otherwise.
    static Poco::JSON::Object::Ptr verifyHs256(std::string_view token, const KeyLookup& keyFor);

    static constexpr std::size_t kMaxLength = 4096;
};

}  // namespace ta::token
