#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ta::fuzz {

// The fuzzer's bytes as text, and split on a separator: each target reads its input
// as a few fields so the seeds stay readable.
inline std::string_view text(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

inline std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    for (;;) {
        size_t end = s.find(sep, pos);
        if (end == std::string_view::npos) {
            out.push_back(s.substr(pos));
            return out;
        }
        out.push_back(s.substr(pos, end - pos));
        pos = end + 1;
    }
}

}  // namespace ta::fuzz
