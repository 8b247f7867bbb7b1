#pragma once
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace ta::db {

// One text-format statement parameter; never copies strings, formats numbers inline.
class Param {
public:
    Param(const std::string& s) : p_(s.c_str()) {}
    Param(const char* s) : p_(s) {}
    Param(std::nullptr_t) : p_(nullptr) {}
    Param(const std::optional<std::string>& s) : p_(s ? s->c_str() : nullptr) {}
    Param(std::int64_t v) : p_(buf_) {
        std::snprintf(buf_, sizeof buf_, "%lld", static_cast<long long>(v));
    }
    Param(int v) : Param(static_cast<std::int64_t>(v)) {}
    Param(bool v) : p_(v ? "true" : "false") {}
    Param(const Param& o) : p_(o.p_ == o.buf_ ? buf_ : o.p_) {
        std::copy(o.buf_, o.buf_ + sizeof buf_, buf_);
    }
    Param& operator=(const Param&) = delete;
    const char* c_str() const { return p_; }

private:
    const char* p_;
    char buf_[24] = {};
};

}  // namespace ta::db
