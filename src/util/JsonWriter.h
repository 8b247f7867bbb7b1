#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ta::util {

// A JSON text built by appending to one string, for the answers on the hot path.
// Measured with bench/profile (callgrind, GET /api/users/me): building the answer with
// Poco::JSON::Object (set(): Dynamic::Var copies and a map; stringify(): an
// ostringstream and a stream write per character of every string) cost ~61k of the
// ~322k instructions of a request; written here, ~4.3k. Keys come out in the order
// written; strings are escaped exactly as Poco 1.11's Object::stringify escapes them
// (see escape()), so an answer is byte-for-byte the one Poco built
// (tests/util/JsonWriterTest.cpp and tests/api/UserViewsTest.cpp compare them).
//
//   JsonWriter w;
//   w.beginObject().key("id").string(id).key("ok").boolean(true).endObject();
//   std::string body = w.take();
class JsonWriter {
public:
    explicit JsonWriter(std::size_t reserve = 512) { out_.reserve(reserve); }

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    // In an object: the member name; the value is the next call.
    JsonWriter& key(std::string_view name);
    JsonWriter& string(std::string_view value);
    // The value, or null when absent.
    JsonWriter& stringOrNull(const std::optional<std::string>& value);
    JsonWriter& boolean(bool value);
    JsonWriter& integer(std::int64_t value);
    JsonWriter& null();

    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }

    // Appends `s` escaped as Poco 1.11 does inside quotes: '"' and '\\' with a
    // backslash; \b \t \n \f \r short; any other byte below 0x20 as \u00XX (upper-case
    // hex); every other byte, '/', DEL and UTF-8 (valid or not) included, as it is.
    static void escape(std::string& out, std::string_view s);

private:
    // A comma unless this value or key opens its container or follows a key.
    void separate();

    std::string out_;
};

}  // namespace ta::util
