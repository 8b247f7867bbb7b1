// util::JsonScan, the strict JSON object reader behind every JWT header and payload,
// against Poco's parser that it replaced. Whatever the scanner accepts, Poco accepts
// too, with the same top-level members and the same string and integer values. Whatever
// Poco accepts, the scanner accepts too unless it is one of the documented refusals: a
// duplicate top-level key, \u0000, an integer outside int64, or bytes after a 0xFF
// that Poco never read.
#include <cstdlib>
#include <string>

#include "Input.h"
#include "PocoJson.h"
#include "util/JsonScan.h"

using namespace ta;

namespace {
bool documentedRefusal(std::string_view in, const Poco::JSON::Object& poco) {
    if (in.find("\\u0000") != std::string_view::npos) return true;
    // Poco's reader took a 0xFF byte for the end of input: "{}\xff garbage" parsed.
    if (in.find('\xff') != std::string_view::npos) return true;
    if (static_cast<int>(poco.size()) < fuzz::shapeOf(in).topLevelKeys) return true;
    int digits = 0;
    for (char c : in) {
        digits = c >= '0' && c <= '9' ? digits + 1 : 0;
        if (digits >= 19) return true;
    }
    return false;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view in = fuzz::text(data, size);
    thread_local util::JsonScan scan;
    Poco::JSON::Object::Ptr poco = fuzz::pocoObject(in);
    // With a duplicate key Poco kept the last value; the scanner stops at the second.
    bool compare = poco && static_cast<int>(poco->size()) == fuzz::shapeOf(in).topLevelKeys;
    int members = 0;
    bool ok = scan.object(in, [&](std::string_view key, const util::JsonScan::Value& v) {
        ++members;
        if (!compare) return true;
        std::string k(key);
        if (!poco->has(k)) std::abort();
        Poco::Dynamic::Var p = poco->get(k);
        switch (v.kind) {
            case util::JsonScan::Kind::String:
                if (!p.isString() || p.extract<std::string>() != v.string) std::abort();
                break;
            case util::JsonScan::Kind::Integer:
                // Poco reads a negative integer through a double: -922337203685477580
                // came out as -922337203685477632. The scanner keeps every digit.
                if (p.type() != typeid(Poco::Int64) ||
                    (p.extract<Poco::Int64>() != v.integer &&
                     !(v.integer < 0 &&
                       p.extract<Poco::Int64>() ==
                           static_cast<Poco::Int64>(static_cast<double>(v.integer)))))
                    std::abort();
                break;
            case util::JsonScan::Kind::Other:
                if (p.isString() || p.type() == typeid(Poco::Int64)) std::abort();
                break;
        }
        return true;
    });
    if (ok && fuzz::shapeOf(in).depth <= fuzz::kPocoMaxDepth) {
        if (!poco || static_cast<int>(poco->size()) != members) std::abort();
    }
    if (!ok && poco && !documentedRefusal(in, *poco)) std::abort();
    return 0;
}
