// FCGI_KEEP_CONN (Apache's enablereuse=on) on the daemon's socket: several requests on one
// connection are all answered, and a kept connection goes back to the gate, where the
// idle and slow-client limits (request-timeout-ms) still apply.
#include <cppunit/extensions/HelperMacros.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "ItAssert.h"
#include "ItEnv.h"
#include "RawFcgi.h"

using ta::test::ItEnv;
using ta::test::ItUser;
using ta::test::RawFcgi;

class KeepConnIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(KeepConnIT);
    CPPUNIT_TEST(testSeveralRequestsOnOneConnection);
    CPPUNIT_TEST(testAuthorizerRequestsOnOneConnection);
    CPPUNIT_TEST(testIdleAndSlowKeptConnectionsAreClosed);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { user = ItEnv::registerUser(); }

    void testSeveralRequestsOnOneConnection() {
        std::string body = ItEnv::credentials(user.email, user.password);
        RawFcgi::Params login = base("POST", "/api/auth/login");
        login.emplace_back("CONTENT_TYPE", "application/json");
        login.emplace_back("CONTENT_LENGTH", std::to_string(body.size()));
        std::vector<RawFcgi::Request> requests{
            me(user.accessToken),
            me(""),
            {RawFcgi::kResponder, login, body},
            {RawFcgi::kResponder, base("GET", "/api/health"), ""}};
        for (int i = 0; i < 20; ++i) requests.push_back(me(user.accessToken));
        int fd = -1;
        auto answers = RawFcgi::kept(ItEnv::var("TA_DAEMON_ADDR"), requests, &fd);
        ::close(fd);
        TA_ASSERT("me: " + answers[0], RawFcgi::status(answers[0]) == 200 &&
                                           answers[0].find(user.email) != std::string::npos);
        TA_ASSERT("no token: " + answers[1], RawFcgi::status(answers[1]) == 401);
        TA_ASSERT("login: " + answers[2], RawFcgi::status(answers[2]) == 200 &&
                                              answers[2].find("accessToken") != std::string::npos);
        TA_ASSERT("health: " + answers[3], RawFcgi::status(answers[3]) == 200);
        for (size_t i = 4; i < answers.size(); ++i)
            TA_ASSERT("me #" + std::to_string(i) + ": " + answers[i],
                      RawFcgi::status(answers[i]) == 200 &&
                          answers[i].find(user.email) != std::string::npos);
    }

    // mod_authnz_fcgi with reuse: the Authorizer role, again and again, on its own port.
    void testAuthorizerRequestsOnOneConnection() {
        std::string addr = ItEnv::var("TA_AUTHORIZER_ADDR");
        CPPUNIT_ASSERT_MESSAGE("TA_AUTHORIZER_ADDR is not set", !addr.empty());
        RawFcgi::Params allowed = base("GET", "/protected/hello.txt");
        allowed.emplace_back("HTTP_AUTHORIZATION", ItEnv::bearer(user.accessToken));
        RawFcgi::Request yes{RawFcgi::kAuthorizer, allowed, ""};
        RawFcgi::Request no{RawFcgi::kAuthorizer, base("GET", "/protected/hello.txt"), ""};
        auto answers = RawFcgi::kept(addr, {yes, no, yes, yes, no});
        std::vector<int> expected{200, 401, 200, 200, 401};
        for (size_t i = 0; i < expected.size(); ++i)
            TA_ASSERT("#" + std::to_string(i) + ": " + answers[i],
                      !answers[i].empty() && RawFcgi::status(answers[i]) == expected[i]);
    }

    // After an answer: one connection left idle, one that starts its next request and
    // stalls. Both stay open a while (no thread is held meanwhile: requests are answered)
    // and are closed within request-timeout-ms (5 s) and a margin.
    void testIdleAndSlowKeptConnectionsAreClosed() {
        std::string addr = ItEnv::var("TA_DAEMON_ADDR");
        int idle = -1, slow = -1;
        auto a = RawFcgi::kept(addr, {me(user.accessToken)}, &idle);
        auto b = RawFcgi::kept(addr, {me(user.accessToken)}, &slow);
        TA_ASSERT("first answers", RawFcgi::status(a[0]) == 200 && RawFcgi::status(b[0]) == 200);
        std::string next = RawFcgi::encode(me(user.accessToken), 2, true);
        RawFcgi::sendAll(slow, next.substr(0, next.size() / 2));
        auto start = std::chrono::steady_clock::now();
        std::this_thread::sleep_for(std::chrono::seconds(1));
        TA_ASSERT("idle connection closed within 1 s", !closed(idle, 0));
        TA_ASSERT("slow connection closed within 1 s", !closed(slow, 0));
        for (int i = 0; i < 3; ++i) {
            std::string r =
                RawFcgi::exchange(addr, RawFcgi::kResponder, me(user.accessToken).params);
            TA_ASSERT("answered meanwhile: " + r, RawFcgi::status(r) == 200);
        }
        bool idleClosed = closed(idle, 8000), slowClosed = closed(slow, 8000);
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        ::close(idle);
        ::close(slow);
        TA_ASSERT("idle kept connection closed", idleClosed);
        TA_ASSERT("stalled request on a kept connection closed", slowClosed);
        TA_ASSERT("closed after " + std::to_string(secs) + " s", secs < 9.0);
    }

private:
    ItUser user;

    static RawFcgi::Params base(const std::string& method, const std::string& uri) {
        return {{"REQUEST_METHOD", method},   {"REQUEST_URI", uri},
                {"SCRIPT_NAME", uri},         {"HTTP_HOST", "alpha.test"},
                {"REMOTE_ADDR", "127.0.0.1"}, {"SERVER_PROTOCOL", "HTTP/1.1"}};
    }
    static RawFcgi::Request me(const std::string& token) {
        RawFcgi::Params p = base("GET", "/api/users/me");
        if (!token.empty()) p.emplace_back("HTTP_AUTHORIZATION", ItEnv::bearer(token));
        return {RawFcgi::kResponder, p, ""};
    }
    // Whether the daemon closed `fd` within `ms` (EOF or reset; nothing else comes).
    static bool closed(int fd, int ms) {
        auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        for (;;) {
            pollfd p{fd, POLLIN, 0};
            auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                until - std::chrono::steady_clock::now());
            int n = ::poll(&p, 1, static_cast<int>(std::max<long long>(0, left.count())));
            if (n > 0) {
                char c;
                ssize_t got = ::recv(fd, &c, 1, MSG_DONTWAIT);
                if (got <= 0) return got == 0 || errno != EAGAIN;
            }
            if (std::chrono::steady_clock::now() >= until) return false;
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KeepConnIT);
