// Main of build/tests/unit_tests; see TestMain.h for arguments and output.
#include "TestMain.h"

int main(int argc, char** argv) {
    return ta::test::runTestMain(argc, argv);
}
