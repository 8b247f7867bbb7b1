// FastCGI has no authentication: on a TCP listener any local user can send the
// parameters the web server would (TENANTAUTH_TENANT, HTTP_HOST, REMOTE_ADDR). The
// daemon says so at start; tests/run starts it on 127.0.0.1:PORT.
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::ItEnv;

class TcpListenWarningIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TcpListenWarningIT);
    CPPUNIT_TEST(testStartOnTcpIsWarnedAbout);
    CPPUNIT_TEST_SUITE_END();

public:
    void testStartOnTcpIsWarnedAbout() {
        std::string addr = ItEnv::var("TA_DAEMON_ADDR");
        TA_ASSERT("TA_DAEMON_ADDR and TA_DAEMON_LOG are set",
                  !addr.empty() && !ItEnv::daemonLogPath().empty());
        std::istringstream log(ItEnv::readFile(ItEnv::daemonLogPath()));
        std::string line, warning;
        while (std::getline(log, line))
            if (line.find("listening on TCP " + addr + ":") != std::string::npos) warning = line;
        TA_ASSERT("a warning naming " + addr + " in " + ItEnv::daemonLogPath(), !warning.empty());
        for (const char* what :
             {"forged FastCGI parameters", "TENANTAUTH_TENANT", "HTTP_HOST", "unix socket"})
            TA_ASSERT(std::string("the warning says ") + what + ": " + warning,
                      warning.find(what) != std::string::npos);
        TA_ASSERT("logged as a warning: " + warning, warning.find("warn") != std::string::npos ||
                                                         warning.find("WARN") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TcpListenWarningIT);
