// Outcome of a command run by ItEnv::run / ItEnv::ctl.
#pragma once

#include <string>

namespace ta::test {

struct ItProcessResult {
    int exitCode = -1;  // -1 when killed by a signal or not run
    std::string out;
    std::string err;
    std::string command;

    std::string describe() const {
        return "`" + command + "` exit " + std::to_string(exitCode) + "\nstdout: " + out + "\nstderr: " + err;
    }
};

}  // namespace ta::test
