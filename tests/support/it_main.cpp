// Main of build/tests/integration_tests; see TestMain.h for arguments and output.
// The environment (TA_BASE_URL, TA_CTL, ...) is described in ItEnv.h.
#include "TestMain.h"

#include <Poco/Net/Net.h>

#include <csignal>

int main(int argc, char** argv) {
    // A server that closes early (413, a killed worker) must fail a test, not the binary.
    std::signal(SIGPIPE, SIG_IGN);
    Poco::Net::initializeNetwork();
    return ta::test::runTestMain(argc, argv);
}
