#pragma once
#include <cstddef>
#include <string_view>

namespace ta::fcgi {

// The name-value pairs of a FastCGI params stream (FastCGI 1.0, 3.4), read in place:
// each length one byte below 0x80, else four with the top bit set. Shared by RecordScan
// (which judges a request before anything reads it) and WireExchange (which reads it).
class ParamPairs {
public:
    enum class Step { Pair, End, CutShort, TooLong };

    explicit ParamPairs(std::string_view params) : p_(params) {}

    // The next pair into `name` and `value`; CutShort: a length runs past the end;
    // TooLong: the lengths announce more bytes than are left (`nameLen`, `valueLen`).
    Step next(std::string_view& name, std::string_view& value) {
        if (i_ >= p_.size()) return Step::End;
        if (!length(nameLen) || !length(valueLen)) return Step::CutShort;
        if (nameLen > p_.size() - i_ || valueLen > p_.size() - i_ - nameLen) return Step::TooLong;
        name = p_.substr(i_, nameLen);
        value = p_.substr(i_ + nameLen, valueLen);
        i_ += nameLen + valueLen;
        return Step::Pair;
    }

    std::size_t nameLen = 0, valueLen = 0;

private:
    bool length(std::size_t& out) {
        if (i_ >= p_.size()) return false;
        std::size_t b = byte(i_);
        if (b < 0x80) {
            out = b;
            i_ += 1;
            return true;
        }
        if (p_.size() - i_ < 4) return false;
        out = ((b & 0x7f) << 24) | (byte(i_ + 1) << 16) | (byte(i_ + 2) << 8) | byte(i_ + 3);
        i_ += 4;
        return true;
    }
    std::size_t byte(std::size_t at) const { return static_cast<unsigned char>(p_[at]); }

    std::string_view p_;
    std::size_t i_ = 0;
};

}  // namespace ta::fcgi
