#include "http/JsonBody.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include "http/ApiError.h"
#include "http/NulCheck.h"

namespace ta::http {

namespace {
constexpr int kMaxDepth = 32;

// Poco's parser recurses per nesting level; a 64 KiB body of '[' would overflow the
// stack of a worker thread, so refuse deep nesting before parsing.
bool nestingWithin(const std::string& s, int limit) {
    int depth = 0;
    bool inString = false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limit) return false;
        } else if (c == '}' || c == ']') {
            --depth;
        }
    }
    return true;
}
}  // namespace

JsonBody::JsonBody(const std::string& body) {
    if (!nestingWithin(body, kMaxDepth))
        throw ApiError(ErrorCode::BadRequest, "Malformed JSON body");
    Poco::Dynamic::Var parsed;
    try {
        Poco::JSON::Parser parser;
        parsed = parser.parse(body);
    } catch (...) {
        // Poco refuses a top-level scalar; "42" is valid JSON, just not an object.
        bool scalar = false;
        try {
            auto wrapped =
                Poco::JSON::Parser().parse("[" + body + "]").extract<Poco::JSON::Array::Ptr>();
            scalar = wrapped->size() == 1;
        } catch (...) {
        }
        throw ApiError(ErrorCode::BadRequest,
                       scalar ? "Request body must be a JSON object" : "Malformed JSON body");
    }
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr))
        throw ApiError(ErrorCode::BadRequest, "Request body must be a JSON object");
    object_ = parsed.extract<Poco::JSON::Object::Ptr>();
}

std::optional<std::string> JsonBody::optionalString(const std::string& field) const {
    if (!object_->has(field) || object_->isNull(field)) return std::nullopt;
    Poco::Dynamic::Var v = object_->get(field);
    if (!v.isString()) throw ApiError(ErrorCode::BadRequest, field + " must be a string");
    std::string s = v.extract<std::string>();
    refuseNul(s, field);
    return s;
}

std::string JsonBody::requireString(const std::string& field) const {
    auto v = optionalString(field);
    if (!v) throw ApiError(ErrorCode::BadRequest, field + " is required");
    return *v;
}

std::optional<long long> JsonBody::optionalInt(const std::string& field, long long lo,
                                               long long hi) const {
    if (!object_->has(field) || object_->isNull(field)) return std::nullopt;
    Poco::Dynamic::Var v = object_->get(field);
    std::string range =
        field + " must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
    if (!v.isInteger() || v.isBoolean()) throw ApiError(ErrorCode::BadRequest, range);
    long long n;
    try {
        n = v.convert<long long>();
    } catch (...) {
        throw ApiError(ErrorCode::BadRequest, range);  // beyond 64 bits
    }
    if (n < lo || n > hi) throw ApiError(ErrorCode::BadRequest, range);
    return n;
}

std::optional<bool> JsonBody::optionalBool(const std::string& field) const {
    if (!object_->has(field) || object_->isNull(field)) return std::nullopt;
    Poco::Dynamic::Var v = object_->get(field);
    if (!v.isBoolean()) throw ApiError(ErrorCode::BadRequest, field + " must be true or false");
    return v.extract<bool>();
}

void JsonBody::allowOnly(std::initializer_list<const char*> known) const {
    for (const auto& [key, value] : *object_) {
        bool ok = false;
        for (const char* k : known) ok = ok || key == k;
        if (!ok) throw ApiError(ErrorCode::BadRequest, key.substr(0, 64) + " is not a known field");
    }
}

}  // namespace ta::http
