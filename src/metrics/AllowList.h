#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ta::metrics {

// Who may read /api/metrics: loopback always, plus the addresses and CIDR blocks of
// the metrics-allow setting ("10.0.0.5, 192.0.2.0/24 2001:db8::/32"). The address
// checked is REMOTE_ADDR as the web server gave it; nothing the client sends counts.
class AllowList {
public:
    AllowList() = default;
    // Throws std::invalid_argument naming the entry that is not an address or block.
    static AllowList parse(const std::string& text);
    bool permits(const std::string& address) const;

private:
    struct Block {
        std::array<uint8_t, 16> net{};  // IPv4 as ::ffff:a.b.c.d
        int prefix = 128;
    };
    static bool toBytes(const std::string& address, std::array<uint8_t, 16>& out, bool& v4);
    static bool inside(const Block& b, const std::array<uint8_t, 16>& a);

    std::vector<Block> blocks_;
};

}  // namespace ta::metrics
