#pragma once
// Poco's JSON parser as the oracle for util::JsonScan, which replaced it for JWTs: what
// the scanner accepts, Poco must accept with the same values (the scanner is stricter,
// never looser or different).
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <string>
#include <string_view>

namespace ta::fuzz {

// Deepest nesting handed to Poco: its parser recurses per level.
constexpr int kPocoMaxDepth = 200;

struct Shape {
    int depth = 0;         // deepest nesting of {} and []
    int topLevelKeys = 0;  // keys of the outermost object (valid JSON assumed)
};

// A rough scan that is exact for valid JSON, which is all it is used on.
inline Shape shapeOf(std::string_view s) {
    Shape shape;
    int depth = 0;
    bool inString = false, topKey = false;
    for (size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
            topKey = depth == 1;
        } else if (c == ':' && topKey && depth == 1) {
            ++shape.topLevelKeys;
            topKey = false;
        } else if (c == '{' || c == '[') {
            if (++depth > shape.depth) shape.depth = depth;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
            topKey = false;
        }
    }
    return shape;
}

// Poco's object for `text`, null when Poco refuses it or nests too deep to try.
inline Poco::JSON::Object::Ptr pocoObject(std::string_view text) {
    if (shapeOf(text).depth > kPocoMaxDepth) return nullptr;
    try {
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var v = parser.parse(std::string(text));
        if (v.type() != typeid(Poco::JSON::Object::Ptr)) return nullptr;
        return v.extract<Poco::JSON::Object::Ptr>();
    } catch (...) {
        return nullptr;
    }
}

}  // namespace ta::fuzz
