#pragma once
#include "config/Settings.h"

namespace ta::fcgi {

// One worker process: builds its services after fork, accepts on the shared socket
// (and the authorizer-only one when `authorizerFd` >= 0) through a ConnectionGate,
// which hands each whole request to one of `workers` threads (two more serve the
// authorizer-only socket), reloads on SIGHUP and, on SIGTERM, stops accepting, lets
// requests in flight finish, and returns. Writes one byte to readyFd
// once its threads accept (the supervisor's readiness count), then closes it. `slot`
// is its place in the metrics scoreboard.
struct WorkerProcess {
    static int run(int listenFd, int authorizerFd, int readyFd, int slot,
                   config::Settings settings);
};

}  // namespace ta::fcgi
