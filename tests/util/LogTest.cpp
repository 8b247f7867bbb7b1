#include <cppunit/extensions/HelperMacros.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "util/Log.h"

using ta::util::Log;

// The log's lines go to fd 2: each test points it at a file of its own.
class LogTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LogTest);
    CPPUNIT_TEST(requestLineFormat);
    CPPUNIT_TEST(quietLineWrittenAtOnce);
    CPPUNIT_TEST(busyLinesArriveWithinTheDelay);
    CPPUNIT_TEST(writeComesAfterBufferedLines);
    CPPUNIT_TEST(writesAreWholeLinesOfAtMostPipeBuf);
    CPPUNIT_TEST(threadEndFlushes);
    CPPUNIT_TEST(forkWritesEachLineOnce);
    CPPUNIT_TEST(levelFilters);
    CPPUNIT_TEST_SUITE_END();

    std::string path_;
    int saved_ = -1;

    std::string contents() const {
        std::ifstream in(path_);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    static std::size_t count(const std::string& text, const std::string& what) {
        std::size_t n = 0;
        for (std::size_t at = text.find(what); at != std::string::npos;
             at = text.find(what, at + 1))
            ++n;
        return n;
    }
    std::string pidPrefix() const { return "tenantauthd[" + std::to_string(getpid()) + "] "; }
    static void quiet() { std::this_thread::sleep_for(std::chrono::milliseconds(60)); }

public:
    void setUp() override {
        Log::flush();
        char name[] = "/tmp/ta-logtest.XXXXXX";
        int fd = mkstemp(name);
        CPPUNIT_ASSERT(fd >= 0);
        path_ = name;
        saved_ = dup(2);
        dup2(fd, 2);
        close(fd);
        Log::setLevel("info");
        quiet();
    }
    void tearDown() override {
        Log::flush();
        dup2(saved_, 2);
        close(saved_);
        unlink(path_.c_str());
        Log::setLevel("info");
    }

    void requestLineFormat() {
        Log::request({"rid=", "abc", " tenant=", "-", " path=", "/api/x", " us=", "12", ""});
        Log::flush();
        CPPUNIT_ASSERT_EQUAL(pidPrefix() + "info: rid=abc tenant=- path=/api/x us=12\n",
                             contents());
    }

    void quietLineWrittenAtOnce() {
        Log::request({"first"});
        // No flush: after a quiet spell a line goes out with no delay.
        CPPUNIT_ASSERT_EQUAL(pidPrefix() + "info: first\n", contents());
    }

    void busyLinesArriveWithinTheDelay() {
        for (int i = 0; i < 5; ++i) Log::request({"busy ", std::to_string(i)});
        std::string text;
        for (int i = 0; i < 40 && count(text, "\n") < 5; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(25));
            text = contents();
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), count(text, "\n"));
        CPPUNIT_ASSERT(text.find("busy 0\n") < text.find("busy 4\n"));
    }

    void writeComesAfterBufferedLines() {
        Log::request({"one"});
        Log::request({"two"});  // buffered: one was just written
        Log::write(Log::Warn, "three");
        std::string p = pidPrefix();
        CPPUNIT_ASSERT_EQUAL(p + "info: one\n" + p + "info: two\n" + p + "warn: three\n",
                             contents());
    }

    // A seqpacket socket keeps each write(2) apart: every one is whole lines, at most
    // PIPE_BUF bytes (what a pipe never splits nor mixes with another process's write).
    void writesAreWholeLinesOfAtMostPipeBuf() {
        int fds[2];
        CPPUNIT_ASSERT_EQUAL(0, socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds));
        dup2(fds[1], 2);
        close(fds[1]);
        std::string line(150, 'x');
        for (int i = 0; i < 200; ++i) Log::request({line});
        Log::flush();
        dup2(saved_, 2);  // the last writer gone: read to the end
        std::size_t lines = 0, writes = 0;
        char buf[65536];
        for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) {
            ++writes;
            CPPUNIT_ASSERT(n <= PIPE_BUF);
            CPPUNIT_ASSERT_EQUAL('\n', buf[n - 1]);
            lines += count(std::string(buf, n), "\n");
        }
        close(fds[0]);
        CPPUNIT_ASSERT_EQUAL(std::size_t(200), lines);
        CPPUNIT_ASSERT(writes < 20);  // ~22 lines a write, not one each
    }

    void threadEndFlushes() {
        Log::request({"before"});
        std::thread([] { Log::request({"from a thread that ends"}); }).join();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), count(contents(), "from a thread that ends\n"));
    }

    void forkWritesEachLineOnce() {
        Log::request({"warm"});
        Log::request({"buffered before fork"});
        pid_t child = fork();
        if (child == 0) {
            Log::request({"child line"});
            Log::flush();
            _exit(0);
        }
        int status = 0;
        waitpid(child, &status, 0);
        Log::flush();
        std::string text = contents();
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), count(text, "buffered before fork\n"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), count(text, "child line\n"));
        std::string childPrefix = "tenantauthd[" + std::to_string(child) + "] info: child line";
        CPPUNIT_ASSERT(text.find(childPrefix) != std::string::npos);
    }

    void levelFilters() {
        Log::setLevel("warn");
        Log::request({"not at warn"});
        Log::write(Log::Info, "nor this");
        Log::flush();
        CPPUNIT_ASSERT_EQUAL(std::string(), contents());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(LogTest);
