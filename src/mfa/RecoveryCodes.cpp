#include "mfa/RecoveryCodes.h"

#include <cstring>
#include <set>

#include "util/Digest.h"
#include "util/Random.h"

namespace ta::mfa {

namespace {

constexpr const char* kPrefix = "s1$";
constexpr std::size_t kSaltBytes = 16;

std::string randomCode() {
    const std::size_t alphabetSize = std::strlen(RecoveryCodes::kAlphabet);
    // Bytes at or above the largest multiple of the alphabet size are dropped so that every
    // character is equally likely (a plain modulo would favour the first few).
    const unsigned limit = 256 - 256 % alphabetSize;
    std::string chars;
    while (chars.size() < RecoveryCodes::kLength) {
        for (unsigned char b : util::Random::bytes(RecoveryCodes::kLength)) {
            if (b >= limit) continue;
            chars.push_back(RecoveryCodes::kAlphabet[b % alphabetSize]);
            if (chars.size() == RecoveryCodes::kLength) break;
        }
    }
    std::string out;
    for (std::size_t i = 0; i < chars.size(); ++i) {
        if (i > 0 && i % RecoveryCodes::kGroup == 0) out.push_back('-');
        out.push_back(chars[i]);
    }
    return out;
}

std::string mac(const std::string& salt, const std::string& normalized) {
    return util::Digest::hex(util::Digest::hmacSha256(salt, normalized));
}

bool unhex(const std::string& hex, std::string& out) {
    if (hex.size() % 2) return false;
    auto nibble = [](char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    };
    out.clear();
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
        if (hi < 0 || lo < 0) return false;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return true;
}

}  // namespace

std::vector<std::string> RecoveryCodes::generate(std::size_t n) {
    // A duplicate is astronomically unlikely at ~89 bits per code, but two equal codes would
    // silently become one, so it is cheap to rule out.
    std::set<std::string> seen;
    std::vector<std::string> codes;
    codes.reserve(n);
    while (codes.size() < n) {
        std::string c = randomCode();
        if (seen.insert(c).second) codes.push_back(std::move(c));
    }
    return codes;
}

std::string RecoveryCodes::normalize(const std::string& input) {
    std::string out;
    out.reserve(input.size());
    for (char ch : input) {
        if (ch == ' ' || ch == '-' || ch == '\t' || ch == '\r' || ch == '\n') continue;
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (!ok) return {};
        out.push_back(ch);
    }
    return out;
}

std::string RecoveryCodes::stored(const std::string& normalized) {
    std::string salt = util::Random::bytes(kSaltBytes);
    return kPrefix + util::Digest::hex(salt) + "$" + mac(salt, normalized);
}

bool RecoveryCodes::matches(const std::string& normalized, const std::string& stored) {
    if (normalized.empty()) return false;
    if (stored.compare(0, std::strlen(kPrefix), kPrefix) != 0)
        return util::Digest::equal(legacyHash(normalized), stored);
    std::size_t dollar = stored.find('$', std::strlen(kPrefix));
    std::string salt;
    if (dollar == std::string::npos ||
        !unhex(stored.substr(std::strlen(kPrefix), dollar - std::strlen(kPrefix)), salt))
        return false;
    return util::Digest::equal(mac(salt, normalized), stored.substr(dollar + 1));
}

std::string RecoveryCodes::legacyHash(const std::string& normalized) {
    return util::Digest::sha256Hex(normalized);
}

}  // namespace ta::mfa
