#pragma once
#include "config/Settings.h"

namespace ta::fcgi {

// The parent process: forks the workers (no database connection or thread exists
// before fork), respawns one that dies, forwards SIGHUP after re-reading the config,
// and on SIGTERM stops the workers gracefully and exits.
struct Supervisor {
    // `authorizerFd`: the authorizer-listen socket, or -1.
    static int run(int listenFd, int authorizerFd, config::Settings settings);
};

}  // namespace ta::fcgi
