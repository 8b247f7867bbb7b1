#include "metrics/AllowList.h"

#include <arpa/inet.h>

#include <stdexcept>

namespace ta::metrics {

bool AllowList::toBytes(const std::string& address, std::array<uint8_t, 16>& out, bool& v4) {
    in_addr a4{};
    if (inet_pton(AF_INET, address.c_str(), &a4) == 1) {
        out = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        const auto* p = reinterpret_cast<const uint8_t*>(&a4.s_addr);
        for (int i = 0; i < 4; ++i) out[12 + i] = p[i];
        v4 = true;
        return true;
    }
    in6_addr a6{};
    if (inet_pton(AF_INET6, address.c_str(), &a6) == 1) {
        for (int i = 0; i < 16; ++i) out[i] = a6.s6_addr[i];
        v4 = false;
        return true;
    }
    return false;
}

bool AllowList::inside(const Block& b, const std::array<uint8_t, 16>& a) {
    int bits = b.prefix;
    for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
        uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
        if ((a[i] & mask) != (b.net[i] & mask)) return false;
    }
    return true;
}

AllowList AllowList::parse(const std::string& text) {
    AllowList list;
    std::string entry;
    auto take = [&] {
        if (entry.empty()) return;
        size_t slash = entry.find('/');
        Block b;
        bool v4 = false;
        if (!toBytes(entry.substr(0, slash), b.net, v4))
            throw std::invalid_argument("metrics-allow: " + entry + " is not an IP address");
        int max = v4 ? 32 : 128;
        int prefix = max;
        if (slash != std::string::npos) {
            std::string bits = entry.substr(slash + 1);
            if (bits.empty() || bits.size() > 3 ||
                bits.find_first_not_of("0123456789") != std::string::npos || std::stoi(bits) > max)
                throw std::invalid_argument("metrics-allow: " + entry +
                                            " has a bad prefix length (0 to " +
                                            std::to_string(max) + ")");
            prefix = std::stoi(bits);
        }
        b.prefix = v4 ? prefix + 96 : prefix;
        list.blocks_.push_back(b);
        entry.clear();
    };
    for (char c : text) {
        if (c == ',' || c == ' ' || c == '\t') {
            take();
        } else {
            entry += c;
        }
    }
    take();
    return list;
}

bool AllowList::permits(const std::string& address) const {
    std::array<uint8_t, 16> a{};
    bool v4 = false;
    if (!toBytes(address, a, v4)) return false;
    static const AllowList loopback = [] {
        AllowList l;
        l.blocks_.push_back(Block{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127}, 104});
        l.blocks_.push_back(Block{{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 128});
        return l;
    }();
    for (const Block& b : loopback.blocks_)
        if (inside(b, a)) return true;
    for (const Block& b : blocks_)
        if (inside(b, a)) return true;
    return false;
}

}  // namespace ta::metrics
