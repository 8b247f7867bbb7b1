#include "token/Claims.h"

#include "util/JsonScan.h"

namespace ta::token {

std::optional<Claims> Claims::parse(std::string_view json) {
    using Kind = util::JsonScan::Kind;
    thread_local util::JsonScan scan;
    Claims c;
    auto string = [](const util::JsonScan::Value& v, std::string& out) {
        if (v.kind != Kind::String) return false;
        out.assign(v.string);
        return true;
    };
    auto integer = [](const util::JsonScan::Value& v, std::optional<std::int64_t>& out) {
        if (v.kind != Kind::Integer) return false;
        out = v.integer;
        return true;
    };
    bool ok = scan.object(json, [&](std::string_view key, const util::JsonScan::Value& v) {
        if (key == "sub") return string(v, c.sub);
        if (key == "email") return string(v, c.email);
        if (key == "plan_id") return string(v, c.planId);
        if (key == "authority") return string(v, c.authority);
        if (key == "tid") return string(v, c.tid);
        if (key == "exp") return integer(v, c.exp);
        if (key == "nbf") return integer(v, c.nbf);
        if (key == "aud") c.aud = true;
        return true;
    });
    if (!ok) return std::nullopt;
    return c;
}

}  // namespace ta::token
