#include "ItJwt.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/HMACEngine.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>
#include <Poco/StreamCopier.h>

#include <sstream>
#include <stdexcept>

namespace ta::test {

namespace {
// Poco::HMACEngine wants BLOCK_SIZE / DIGEST_SIZE on the engine type.
class Sha256 : public Poco::SHA2Engine {
public:
    enum { BLOCK_SIZE = 64, DIGEST_SIZE = 32 };
    Sha256() : Poco::SHA2Engine(Poco::SHA2Engine::SHA_256) {}
};

Poco::JSON::Object::Ptr parseObject(const std::string& text) {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var v = parser.parse(text);
    return v.extract<Poco::JSON::Object::Ptr>();
}
}  // namespace

std::string ItJwt::base64UrlEncode(const std::string& raw) {
    std::ostringstream out;
    Poco::Base64Encoder enc(out, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    enc.rdbuf()->setLineLength(0);
    enc << raw;
    enc.close();
    return out.str();
}

std::string ItJwt::base64UrlDecode(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder dec(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
    std::string out;
    Poco::StreamCopier::copyToString(dec, out);
    return out;
}

std::vector<std::string> ItJwt::split(const std::string& token) {
    std::vector<std::string> parts;
    size_t pos = 0;
    while (true) {
        size_t dot = token.find('.', pos);
        parts.push_back(token.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
        if (dot == std::string::npos) break;
        pos = dot + 1;
    }
    return parts;
}

Poco::JSON::Object::Ptr ItJwt::header(const std::string& token) {
    auto parts = split(token);
    if (parts.size() != 3) throw std::runtime_error("not a JWT: " + token.substr(0, 60));
    return parseObject(base64UrlDecode(parts[0]));
}

Poco::JSON::Object::Ptr ItJwt::claims(const std::string& token) {
    auto parts = split(token);
    if (parts.size() != 3) throw std::runtime_error("not a JWT: " + token.substr(0, 60));
    return parseObject(base64UrlDecode(parts[1]));
}

std::string ItJwt::signHs256(const std::string& headerJson, const std::string& claimsJson, const std::string& key) {
    std::string input = base64UrlEncode(headerJson) + "." + base64UrlEncode(claimsJson);
    Poco::HMACEngine<Sha256> hmac(key);
    hmac.update(input);
    const Poco::DigestEngine::Digest& d = hmac.digest();
    return input + "." + base64UrlEncode(std::string(d.begin(), d.end()));
}

std::string ItJwt::stringify(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

}  // namespace ta::test
