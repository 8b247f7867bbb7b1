#pragma once
#include <string>

// One FastCGI record as a web server would write it (version 1), for unit tests that
// build requests byte by byte.
inline std::string fcgiRecord(int type, int id, const std::string& content, int pad = 0) {
    std::string h{1,
                  static_cast<char>(type),
                  static_cast<char>(id >> 8),
                  static_cast<char>(id & 0xff),
                  static_cast<char>(content.size() >> 8),
                  static_cast<char>(content.size() & 0xff),
                  static_cast<char>(pad),
                  0};
    return h + content + std::string(static_cast<size_t>(pad), '\0');
}
