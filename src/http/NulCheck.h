#pragma once
#include <string>
#include <string_view>

#include "http/ApiError.h"

namespace ta::http {

// Every text a client sends in a field (JSON strings, query parameters) passes here.
// A NUL would be cut short by C strings (bcrypt stops at it: "password\0x" checks as
// "password") and is refused by PostgreSQL's text: 400 naming the field, never a part.
// Headers and cookies cannot carry one: libfcgi hands the parameters over as C strings.
inline void refuseNul(std::string_view value, const std::string& field) {
    if (value.find('\0') != std::string_view::npos)
        throw ApiError(ErrorCode::BadRequest, field + " must not contain NUL characters");
}

}  // namespace ta::http
