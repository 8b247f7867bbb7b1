#include "fcgi/Supervisor.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <thread>

#include "fcgi/WorkerProcess.h"
#include "metrics/Scoreboard.h"
#include "util/Log.h"

namespace ta::fcgi {

namespace {
using Clock = std::chrono::steady_clock;

// readyPipe: a worker writes one byte to [1] once it accepts; the supervisor reads [0].
pid_t spawn(int listenFd, int authorizerFd, const int readyPipe[2], int slot,
            const config::Settings& settings, const sigset_t& oldMask) {
    pid_t pid = fork();
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &oldMask, nullptr);
        ::close(readyPipe[0]);
        _exit(WorkerProcess::run(listenFd, authorizerFd, readyPipe[1], slot, settings));
    }
    if (pid < 0) util::Log::write(util::Log::Error, "fork failed");
    return pid;
}

struct Worker {
    Clock::time_point since;
    int slot;
};

// The lowest metrics slot no running worker holds.
int freeSlot(const std::map<pid_t, Worker>& workers) {
    for (int s = 0;; ++s) {
        bool taken = false;
        for (const auto& [pid, w] : workers) taken = taken || w.slot == s;
        if (!taken) return s;
    }
}
}  // namespace

int Supervisor::run(int listenFd, int authorizerFd, config::Settings settings) {
    sigset_t mask, oldMask;
    sigemptyset(&mask);
    for (int s : {SIGTERM, SIGINT, SIGHUP, SIGCHLD}) sigaddset(&mask, s);
    sigprocmask(SIG_BLOCK, &mask, &oldMask);

    // sd_notify() is a no-op without NOTIFY_SOCKET (not started by systemd).
    int readyPipe[2];
    if (pipe2(readyPipe, O_CLOEXEC | O_NONBLOCK) != 0) {
        util::Log::write(util::Log::Error, "pipe failed");
        return 1;
    }
    int readyWorkers = 0;
    bool notifiedReady = false;

    std::map<pid_t, Worker> workers;
    for (int i = 0; i < settings.processes; ++i) {
        pid_t pid = spawn(listenFd, authorizerFd, readyPipe, i, settings, oldMask);
        if (pid > 0) workers[pid] = Worker{Clock::now(), i};
    }
    util::Log::write(util::Log::Info, "started " + std::to_string(settings.processes) +
                                          " worker processes with " +
                                          std::to_string(settings.workers) + " threads each");
    int owed = 0;  // workers to respawn once the crash back-off has passed
    Clock::time_point respawnAt{};
    bool stopping = false;
    while (!stopping) {
        timespec timeout{0, 200 * 1000 * 1000};
        siginfo_t info;
        int sig = sigtimedwait(&mask, &info, &timeout);
        if (sig == SIGTERM || sig == SIGINT) {
            stopping = true;
            sd_notify(0, "STOPPING=1\nSTATUS=finishing the requests in flight");
        } else if (sig == SIGHUP) {
            if (notifiedReady) sd_notify(0, "RELOADING=1\nSTATUS=reloading the configuration");
            std::vector<std::string> ignored;
            try {
                config::SettingsLoader::reload(settings, ignored);
                util::Log::setLevel(settings.logLevel);
            } catch (const std::exception& e) {
                util::Log::write(util::Log::Error, std::string("reload failed: ") + e.what());
            }
            for (const auto& [pid, w] : workers) kill(pid, SIGHUP);
            // The workers re-read the file themselves; the supervisor does not wait.
            if (notifiedReady) sd_notify(0, "READY=1\nSTATUS=accepting requests");
        }
        char buf[64];
        ssize_t got;
        while ((got = ::read(readyPipe[0], buf, sizeof buf)) > 0)
            readyWorkers += static_cast<int>(got);
        if (!notifiedReady && !stopping && readyWorkers >= settings.processes) {
            notifiedReady = true;
            sd_notify(0, "READY=1\nSTATUS=accepting requests");
            util::Log::write(util::Log::Info, "ready: all worker processes accept");
        }
        pid_t pid;
        int status;
        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
            auto it = workers.find(pid);
            if (it == workers.end()) continue;
            bool quick = Clock::now() - it->second.since < std::chrono::seconds(2);
            // Its gauges (connections in use, requests in flight) died with it.
            metrics::Scoreboard::clearSlot(it->second.slot);
            workers.erase(it);
            if (stopping) continue;
            metrics::Scoreboard::add(metrics::Scoreboard::block().workerRestarts);
            util::Log::write(util::Log::Warn, "worker " + std::to_string(pid) + " exited (status " +
                                                  std::to_string(status) + "), respawning");
            ++owed;
            // A worker that dies at once (database config, key file) would otherwise
            // be respawned in a tight loop.
            respawnAt = quick ? Clock::now() + std::chrono::seconds(1) : Clock::now();
        }
        while (!stopping && owed > 0 && Clock::now() >= respawnAt) {
            int slot = freeSlot(workers);
            pid_t p = spawn(listenFd, authorizerFd, readyPipe, slot, settings, oldMask);
            if (p <= 0) break;
            workers[p] = Worker{Clock::now(), slot};
            --owed;
        }
    }
    for (const auto& [pid, w] : workers) kill(pid, SIGTERM);
    auto deadline = Clock::now() + std::chrono::seconds(30);
    while (!workers.empty() && Clock::now() < deadline) {
        int status;
        pid_t pid = waitpid(-1, &status, WNOHANG);
        if (pid > 0) {
            workers.erase(pid);
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    for (const auto& [pid, w] : workers) kill(pid, SIGKILL);
    util::Log::write(util::Log::Info, "stopped");
    return 0;
}

}  // namespace ta::fcgi
