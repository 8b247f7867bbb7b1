// WireExchange against libfcgi: the same request bytes through FCGX_Accept_r and
// FcgiExchange (over a socketpair) and through WireExchange must give the same
// http::Request, and the same answer bytes.
#include <cppunit/extensions/HelperMacros.h>
#include <fastcgi.h>
#include <fcgiapp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "FcgiRecord.h"
#include "fcgi/FcgiExchange.h"
#include "fcgi/RecordScan.h"
#include "fcgi/WireExchange.h"

using ta::fcgi::FcgiExchange;
using ta::fcgi::RecordScan;
using ta::fcgi::WireExchange;
using ta::http::Request;

namespace {
using PairList = std::vector<std::pair<std::string, std::string>>;

std::string record(int type, int id, const std::string& content, int pad = 0) {
    return fcgiRecord(type, id, content, pad);
}
std::string length(size_t n) {
    if (n < 0x80) return std::string(1, static_cast<char>(n));
    return std::string{static_cast<char>((n >> 24) | 0x80), static_cast<char>((n >> 16) & 0xff),
                       static_cast<char>((n >> 8) & 0xff), static_cast<char>(n & 0xff)};
}
std::string pairs(const PairList& ps) {
    std::string out;
    for (const auto& [k, v] : ps) out += length(k.size()) + length(v.size()) + k + v;
    return out;
}
// A whole request; `split`: the params in records of at most that many bytes.
std::string request(const PairList& ps, const std::string& body = "", int role = 1, int id = 1,
                    bool keep = true, size_t split = 60000) {
    std::string out =
        record(1, id, std::string{0, static_cast<char>(role), keep ? '\1' : '\0', 0, 0, 0, 0, 0});
    std::string p = pairs(ps);
    for (size_t at = 0; at < p.size(); at += split) out += record(4, id, p.substr(at, split), 3);
    out += record(4, id, "");
    if (role == 1) {
        for (size_t at = 0; at < body.size(); at += 30000)
            out += record(5, id, body.substr(at, 30000));
        out += record(5, id, "");
    }
    return out;
}

// What libfcgi makes of `bytes`, and the answer it writes for `resp`.
Request viaLibfcgi(const std::string& bytes, bool readBody, const ta::http::Response& resp,
                   std::string& answer) {
    int sv[2];
    CPPUNIT_ASSERT(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
    CPPUNIT_ASSERT(::write(sv[1], bytes.data(), bytes.size()) ==
                   static_cast<ssize_t>(bytes.size()));
    FCGX_Init();
    FCGX_Request r;
    FCGX_InitRequest(&r, -1, 0);
    r.ipcFd = sv[0];
    r.keepConnection = 1;
    CPPUNIT_ASSERT(FCGX_Accept_r(&r) == 0);
    Request req = FcgiExchange::read(r, readBody);
    answer.clear();
    std::thread reader([&] {  // the answer may not fit in the socket buffer
        char buf[65536];
        for (ssize_t n; (n = ::read(sv[1], buf, sizeof buf)) > 0;)
            answer.append(buf, static_cast<size_t>(n));
    });
    FcgiExchange::write(r, resp);
    r.keepConnection = 1;  // no lingering close: the test reads the answer itself
    FCGX_Finish_r(&r);
    ::shutdown(sv[0], SHUT_WR);
    reader.join();
    ::close(sv[0]);
    ::close(sv[1]);
    FCGX_Free(&r, 1);
    return req;
}

// The FCGI_STDOUT stream of an answer, and its record types in order (stdout merged).
std::string stdoutOf(const std::string& answer, std::string& types) {
    std::string out;
    types.clear();
    for (size_t pos = 0; pos + 8 <= answer.size();) {
        auto type = static_cast<unsigned char>(answer[pos + 1]);
        size_t len = (static_cast<unsigned char>(answer[pos + 4]) << 8) |
                     static_cast<unsigned char>(answer[pos + 5]);
        size_t pad = static_cast<unsigned char>(answer[pos + 6]);
        if (type == 6) out += answer.substr(pos + 8, len);
        char t = type == 6 ? (len ? 'o' : 'O') : static_cast<char>('0' + type);
        if (types.empty() || types.back() != t || t != 'o') types += t;
        pos += 8 + len + pad;
    }
    return out;
}

void assertSame(const Request& a, const Request& b, bool sameId) {
    CPPUNIT_ASSERT_EQUAL(a.method, b.method);
    CPPUNIT_ASSERT_EQUAL(a.path, b.path);
    CPPUNIT_ASSERT_EQUAL(a.query, b.query);
    CPPUNIT_ASSERT_EQUAL(a.host, b.host);
    CPPUNIT_ASSERT_EQUAL(a.hostHeader, b.hostHeader);
    CPPUNIT_ASSERT_EQUAL(a.https, b.https);
    CPPUNIT_ASSERT_EQUAL(a.origin, b.origin);
    CPPUNIT_ASSERT_EQUAL(a.secFetchSite, b.secFetchSite);
    CPPUNIT_ASSERT_EQUAL(a.tenantParam, b.tenantParam);
    CPPUNIT_ASSERT_EQUAL(a.authorization, b.authorization);
    CPPUNIT_ASSERT_EQUAL(a.cookieHeader, b.cookieHeader);
    CPPUNIT_ASSERT_EQUAL(a.contentType, b.contentType);
    CPPUNIT_ASSERT_EQUAL(a.remoteAddr, b.remoteAddr);
    CPPUNIT_ASSERT_EQUAL(a.body, b.body);
    CPPUNIT_ASSERT_EQUAL(a.bodyTooLarge, b.bodyTooLarge);
    if (sameId) {
        CPPUNIT_ASSERT_EQUAL(a.requestId, b.requestId);
    } else {  // a fresh one each: 16 hex digits
        CPPUNIT_ASSERT_EQUAL(std::size_t(16), b.requestId.size());
        CPPUNIT_ASSERT(b.requestId.find_first_not_of("0123456789abcdef") == std::string::npos);
        CPPUNIT_ASSERT(a.requestId != b.requestId);
    }
}

const PairList kLighttpd = {{"CONTENT_LENGTH", "0"},
                            {"QUERY_STRING", "a=1&b=%20"},
                            {"REQUEST_URI", "/api/users/me?a=1&b=%20"},
                            {"REDIRECT_STATUS", "200"},
                            {"SCRIPT_NAME", "/api/users/me"},
                            {"SERVER_SOFTWARE", "lighttpd/1.4.69"},
                            {"REMOTE_ADDR", "127.0.0.1"},
                            {"REMOTE_PORT", "41234"},
                            {"REQUEST_METHOD", "GET"},
                            {"HTTP_HOST", "Alpha.Test:8080"},
                            {"HTTP_AUTHORIZATION", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"},
                            {"HTTP_COOKIE", "a=b; refresh_token=xyz"},
                            {"HTTP_ORIGIN", "https://alpha.test"},
                            {"HTTP_SEC_FETCH_SITE", "same-origin"},
                            {"HTTPS", "On"},
                            {"TENANTAUTH_TENANT", "alpha"},
                            {"CONTENT_TYPE", "application/json"}};
}  // namespace

class WireExchangeTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(WireExchangeTest);
    CPPUNIT_TEST(readsWhatLibfcgiReads);
    CPPUNIT_TEST(firstOfTwoParamsWinsAndNulCutsAValue);
    CPPUNIT_TEST(bodiesAsLibfcgiReadsThem);
    CPPUNIT_TEST(authorizerWithAndWithoutStdin);
    CPPUNIT_TEST(answerBytesAsLibfcgiWritesThem);
    CPPUNIT_TEST(headAsItWasWritten);
    CPPUNIT_TEST(notPlainIsRefused);
    CPPUNIT_TEST(plainAsRecordScanJudgesIt);
    CPPUNIT_TEST_SUITE_END();

public:
    void readsWhatLibfcgiReads() {
        PairList withId = kLighttpd;
        withId.push_back({"HTTP_X_REQUEST_ID", "abc-123_X.y"});
        for (size_t split : {size_t(60000), size_t(7), size_t(1)})
            check(request(withId, "", 1, 1, true, split), true, true);
        check(request(kLighttpd), true, false);  // a fresh random request id each
        check(request({}), true, false);         // no params at all
        PairList badId = kLighttpd;
        badId.push_back({"HTTP_X_REQUEST_ID", "has space"});
        check(request(badId), true, false);
        PairList https1 = {{"HTTPS", "1"}, {"REQUEST_URI", "/x?"}, {"HTTP_HOST", "[::1]:80"}};
        check(request(https1, "", 1, 300), true, false);
        PairList longValue = {{"HTTP_COOKIE", std::string(70000 / 2, 'c')},
                              {"HTTP_AUTHORIZATION", std::string(300, 'a')}};
        check(request(longValue), true, false);
    }

    void firstOfTwoParamsWinsAndNulCutsAValue() {
        PairList p = {{"HTTP_HOST", "first.test"},
                      {"HTTP_HOST", "second.test"},
                      {"HTTP_AUTHORIZATION", std::string("Bearer a\0b", 10)},
                      {"REQUEST_URI", std::string("/api/x\0?y", 9)},
                      {"HTTPS", "off"},
                      {"HTTPS", "on"},
                      {"HTTP_X_REQUEST_ID", std::string("id\0x", 4)},
                      {std::string("HTTP_COOKIE\0", 12), "not=this"},
                      {std::string("REMOTE_ADDR\0x", 13), "no"}};
        Request r = check(request(p), true, true);
        CPPUNIT_ASSERT_EQUAL(std::string("first.test"), r.host);
        CPPUNIT_ASSERT_EQUAL(std::string("Bearer a"), r.authorization);
        CPPUNIT_ASSERT_EQUAL(std::string("/api/x"), r.path);
        CPPUNIT_ASSERT(!r.https);
        CPPUNIT_ASSERT_EQUAL(std::string("id"), r.requestId);
    }

    void bodiesAsLibfcgiReadsThem() {
        std::string json = "{\"email\":\"a@b.test\"}";
        for (auto [announced, sent] : std::vector<std::pair<std::string, std::string>>{
                 {"19", json},                        // as announced
                 {"5", json},                         // shorter than sent: cut
                 {"100", json},                       // longer: what came
                 {"-3", json},                        // negative: none
                 {" 7x", json},                       // as atoll reads it
                 {"65537", std::string(65537, 'x')},  // over kMaxBody: not read
                 {"65536", std::string(65536, 'y')},  // the most read
                 {"99999999999999999999", json}}) {   // atoll saturates
            PairList p = {{"REQUEST_METHOD", "POST"}, {"CONTENT_LENGTH", announced}};
            check(request(p, sent), true, false);
            check(request(p, sent), false, false);  // the authorizer-only port's 403
        }
    }

    void authorizerWithAndWithoutStdin() {
        PairList p = kLighttpd;
        std::string bare = request(p, "", 2);             // mod_authnz_fcgi; lighttpd with a POST
        std::string withStdin = bare + record(5, 1, "");  // lighttpd with a GET
        for (const std::string& r : {bare, withStdin}) {
            RecordScan s = RecordScan::scan(reinterpret_cast<const unsigned char*>(r.data()),
                                            r.size(), 60 * 1024);
            CPPUNIT_ASSERT(s.state == RecordScan::State::Complete && s.plain);
            check(r, false, false);
        }
        std::string cut = withStdin.substr(0, withStdin.size() - 3);
        RecordScan s = RecordScan::scan(reinterpret_cast<const unsigned char*>(cut.data()),
                                        cut.size(), 60 * 1024);
        CPPUNIT_ASSERT(s.state == RecordScan::State::Complete && !s.plain);
    }

    void answerBytesAsLibfcgiWritesThem() {
        ta::http::Response small = ta::http::Response::text(200, "ok", "fine");
        small.addHeader("X-Request-Id", "abc");
        ta::http::Response empty;
        empty.status = 204;
        ta::http::Response head = small;
        head.headOnly = true;
        ta::http::Response big = ta::http::Response::text(404, "error", std::string(200000, 'b'));
        for (int id : {1, 258})
            for (const ta::http::Response* resp : {&small, &empty, &head, &big}) {
                std::string bytes = request(kLighttpd, "", 1, id), libfcgi, wire;
                viaLibfcgi(bytes, true, *resp, libfcgi);
                WireExchange::answer(id, *resp, wire);
                std::string lt, wt;
                CPPUNIT_ASSERT(stdoutOf(libfcgi, lt) == stdoutOf(wire, wt));
                CPPUNIT_ASSERT_EQUAL(std::string("oO3"), lt);
                CPPUNIT_ASSERT_EQUAL(lt, wt);
                CPPUNIT_ASSERT_EQUAL(libfcgi.substr(libfcgi.size() - 16),
                                     wire.substr(wire.size() - 16));
                if (resp != &big) CPPUNIT_ASSERT(libfcgi == wire);  // byte for byte
            }
    }

    // The CGI-style head, byte for byte as FcgiExchange::write built it before head().
    void headAsItWasWritten() {
        ta::http::Response r;
        r.status = 201;
        r.contentType = "application/json";
        r.headers = {{"X-A", "1"}, {"Set-Cookie", "a=b; Path=/"}};
        r.body = "{}";
        std::string h;
        FcgiExchange::head(r, h);
        CPPUNIT_ASSERT_EQUAL(std::string("Status: 201 Created\r\nContent-Type: application/json\r\n"
                                         "X-A: 1\r\nSet-Cookie: a=b; Path=/\r\n"
                                         "Content-Length: 2\r\n\r\n"),
                             h);
        ta::http::Response odd;
        odd.status = 418;
        odd.contentType.clear();  // no Content-Type line then
        h = "x";
        FcgiExchange::head(odd, h);
        CPPUNIT_ASSERT_EQUAL(
            std::string("xStatus: 418 Internal Server Error\r\nContent-Length: 0\r\n\r\n"), h);
    }

    void notPlainIsRefused() {
        std::string ok = request(kLighttpd);
        for (const std::string& bad :
             {ok.substr(0, ok.size() - 8),  // no end of the body
              ok + record(5, 1, ""),        // something after it
              record(9, 0, "") + ok,        // a management record first
              request({{"A=B", "c"}}), request({{"HTTP_HOST=a", "b"}}),
              ok.substr(0, 16) + record(4, 2, pairs(kLighttpd)) + ok.substr(16)}) {
            Request r;
            WireExchange::Begin b;
            std::string scratch;
            CPPUNIT_ASSERT(!WireExchange::parse(bad, true, r, b, scratch));
        }
    }

    void plainAsRecordScanJudgesIt() {
        std::string ok = request(kLighttpd, "{}");
        auto scan = [](const std::string& s) {
            return RecordScan::scan(reinterpret_cast<const unsigned char*>(s.data()), s.size(),
                                    60 * 1024);
        };
        CPPUNIT_ASSERT(scan(ok).plain);
        CPPUNIT_ASSERT(scan(request(kLighttpd, "", 1, 1, true, 5)).plain);
        CPPUNIT_ASSERT(!scan(ok + "x").plain);
        CPPUNIT_ASSERT(!scan(record(9, 0, "") + ok).plain);
        CPPUNIT_ASSERT(!scan(request({{"A=B", "c"}})).plain);
        CPPUNIT_ASSERT(!scan(ok.substr(0, 16) + ok).plain);  // a second FCGI_BEGIN_REQUEST
        CPPUNIT_ASSERT(scan(ok.substr(0, 16) + ok).state == RecordScan::State::Complete);
    }

private:
    static Request check(const std::string& bytes, bool readBody, bool sameId) {
        std::string ignored;
        Request expected = viaLibfcgi(bytes, readBody, ta::http::Response{}, ignored);
        Request got;
        WireExchange::Begin b;
        std::string scratch;
        CPPUNIT_ASSERT(WireExchange::parse(bytes, readBody, got, b, scratch));
        assertSame(expected, got, sameId);
        return got;
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(WireExchangeTest);
