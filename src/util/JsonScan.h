#pragma once
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ta::util {

// A strict reader of one JSON object (RFC 8259) that hands each top-level member to a
// callback, without building a tree: JWT headers and payloads are read here, once per
// request. What it accepts is what Poco's parser accepted there, with these refusals
// added, each of which no token this service or a standard library issues contains:
// a key seen twice at the top level (Poco kept the last one: two readers of one token
// could disagree), the escape \u0000 (NUL, as http::refuseNul refuses it in requests),
// integers outside int64 (Poco wrapped some to 0). Floats beyond double's range are
// refused, as Poco refused them. Strings are checked as UTF-8 (no
// overlong forms, surrogates or code points above U+10FFFF), escapes decoded (\uXXXX
// surrogate pairs to one code point), raw control characters refused. Nested objects and
// arrays are checked the same way (without the duplicate rule) and handed over as Other.
// Keep one instance per thread: its buffers are reused.
class JsonScan {
public:
    enum class Kind { String, Integer, Other };  // Other: a float, true/false/null, {...}, [...]
    struct Value {
        Kind kind = Kind::Other;
        std::string_view string;   // Kind::String, decoded; valid during the callback only
        std::int64_t integer = 0;  // Kind::Integer
    };
    // Returns false to refuse the object.
    using Member = std::function<bool(std::string_view key, const Value& value)>;

    // True when `json` is one JSON object, with nothing but whitespace around it, and
    // `each` accepted every member (called in order, before the rest is read).
    bool object(std::string_view json, const Member& each);

private:
    bool value(Value& v);
    bool scalar(Value& v);
    bool nested();
    bool memberStart();
    bool string(std::string_view& out, std::string& buffer);
    bool escape(std::string& buffer);
    bool number(Value& v);
    bool literal(std::string_view word);
    void whitespace();

    const char* p_ = nullptr;
    const char* end_ = nullptr;
    std::string keys_;    // decoded keys that had escapes; reserved so views into it stay
    std::string value_;   // decoded string value that had escapes
    std::string stack_;   // closers of the open nested containers
    std::string number_;  // a float's text, for strtod
    std::vector<std::string_view> seen_;
};

}  // namespace ta::util
