#pragma once
#include "config/Settings.h"

namespace ta::fcgi {

// One worker process: builds its services after fork, runs `workers` threads in an
// FCGX_Accept_r loop on the shared socket (plus two threads on the authorizer-only
// socket when `authorizerFd` >= 0), reloads on SIGHUP and, on SIGTERM, stops
// accepting, lets requests in flight finish, and returns. Writes one byte to readyFd
// once its threads accept (the supervisor's readiness count), then closes it. `slot`
// is its place in the metrics scoreboard.
struct WorkerProcess {
    static int run(int listenFd, int authorizerFd, int readyFd, int slot,
                   config::Settings settings);
};

}  // namespace ta::fcgi
