#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "FcgiRecord.h"
#include "fcgi/RecordScan.h"

using ta::fcgi::RecordScan;

namespace {
std::string record(int type, int id, const std::string& content, int pad = 0) {
    return fcgiRecord(type, id, content, pad);
}
std::string begin(int id = 1, int role = 1) {
    return record(1, id, std::string{0, static_cast<char>(role), 0, 0, 0, 0, 0, 0});
}
std::string len4(uint32_t n) {
    n |= 0x80000000u;
    return std::string{static_cast<char>(n >> 24), static_cast<char>((n >> 16) & 0xff),
                       static_cast<char>((n >> 8) & 0xff), static_cast<char>(n & 0xff)};
}
std::string pair(const std::string& k, const std::string& v) {
    return std::string(1, static_cast<char>(k.size())) +
           std::string(1, static_cast<char>(v.size())) + k + v;
}
RecordScan scan(const std::string& s) {
    return RecordScan::scan(reinterpret_cast<const unsigned char*>(s.data()), s.size(), 60 * 1024);
}
const std::string kParams = pair("REQUEST_METHOD", "POST") + pair("REQUEST_URI", "/api/x");
}  // namespace

class RecordScanTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RecordScanTest);
    CPPUNIT_TEST(completeOnlyAtTheEmptyStdinRecord);
    CPPUNIT_TEST(authorizerCompleteAtTheEndOfParams);
    CPPUNIT_TEST(hugeParamsLengthsAreMalformed);
    CPPUNIT_TEST(otherRecordsAreSkippedLikeLibfcgi);
    CPPUNIT_TEST(protocolErrorsAreMalformed);
    CPPUNIT_TEST_SUITE_END();

public:
    void completeOnlyAtTheEmptyStdinRecord() {
        std::string req = begin() + record(4, 1, kParams) + record(4, 1, "") +
                          record(5, 1, "{}", 6) + record(5, 1, "");
        for (size_t cut = 0; cut < req.size(); ++cut)
            CPPUNIT_ASSERT(scan(req.substr(0, cut)).state == RecordScan::State::Incomplete);
        RecordScan s = scan(req);
        CPPUNIT_ASSERT(s.state == RecordScan::State::Complete);
        CPPUNIT_ASSERT_EQUAL(std::string("/api/x"), s.uri);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), s.bodyBytes);
    }

    void authorizerCompleteAtTheEndOfParams() {
        RecordScan s = scan(begin(1, 2) + record(4, 1, kParams) + record(4, 1, ""));
        CPPUNIT_ASSERT(s.state == RecordScan::State::Complete);
    }

    // What aborts Debian 12's libfcgi (fcgiapp.c:75: Malloc) never passes.
    void hugeParamsLengthsAreMalformed() {
        for (auto lengths : {len4(0x7FFFFFFE) + len4(0x7FFFFFFE), len4(0x7FFFFFFF) + "\x01",
                             len4(0x40000000) + len4(0x40000001), std::string("\x05\x7f")}) {
            RecordScan s = scan(begin() + record(4, 1, lengths + "abcdefgh") + record(4, 1, ""));
            CPPUNIT_ASSERT_MESSAGE(s.reason, s.state == RecordScan::State::Malformed);
        }
        std::string big(61 * 1024 / 2, 'x');
        RecordScan s = scan(begin() + record(4, 1, big) + record(4, 1, big));
        CPPUNIT_ASSERT(s.state == RecordScan::State::Malformed);
    }

    void otherRecordsAreSkippedLikeLibfcgi() {
        std::string req = record(99, 0, "xx") + begin() + record(9, 0, "") + begin(1) +
                          record(4, 7, "junk") + record(4, 1, kParams) + record(4, 1, "") +
                          record(5, 1, "");
        CPPUNIT_ASSERT(scan(req).state == RecordScan::State::Complete);
    }

    void protocolErrorsAreMalformed() {
        std::string params = record(4, 1, kParams) + record(4, 1, "");
        for (const std::string& bad :
             {std::string("\x02") + begin().substr(1), begin(0) + params, begin(1, 3) + params,
              begin() + record(2, 1, "") + params, begin() + params + record(2, 1, ""),
              begin() + record(99, 1, "x")}) {
            CPPUNIT_ASSERT(scan(bad).state == RecordScan::State::Malformed);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RecordScanTest);
