#include "fcgi/WorkerProcess.h"

#include <fastcgi.h>
#include <fcgiapp.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "api/Authorizer.h"
#include "api/Dispatcher.h"
#include "api/Services.h"
#include "fcgi/ConnectionGate.h"
#include "fcgi/FcgiExchange.h"
#include "fcgi/WireExchange.h"
#include "metrics/Scoreboard.h"
#include "util/Log.h"

namespace ta::fcgi {

namespace {
std::atomic<int> running{0};

// Threads on the authorizer-listen port serve the Authorizer role and refuse the rest.
constexpr int kAuthorizerThreads = 2;

void logRequest(const http::Request& req, const std::string& tenant, int status, long long micros,
                const char* role) {
    if (!util::Log::enabled(util::Log::Info)) return;
    std::string path = req.path.substr(0, 200);
    for (char& ch : path)
        if (static_cast<unsigned char>(ch) < 0x21 || ch == 0x7f) ch = '?';
    std::string code = std::to_string(status), us = std::to_string(micros);
    std::string_view slug = tenant.empty() ? std::string_view("-") : tenant;
    util::Log::request({"rid=", req.requestId, " tenant=", slug,
                        " method=", std::string_view(req.method).substr(0, 10), " path=", path,
                        " status=", code, " us=", us, role});
}

struct Handlers {
    const api::Dispatcher& dispatcher;
    const api::Authorizer& authorizer;
};

// One accepted request, read by `read(readBody)` (WireExchange or libfcgi). On the
// authorizer-only port anything but the Authorizer role (a responder request with forged
// FastCGI params from a local user) gets 403 and never reaches the dispatcher. `cut`: the
// body did not arrive in time (not answered).
template <class Read>
http::Response answer(int fcgiRole, Read&& read, const Handlers& h, bool authorizerOnly,
                      ConnectionGate& gate, int thread, http::Request& req, api::Trace& trace,
                      const char*& role, bool& cut) {
    if (fcgiRole == FCGI_AUTHORIZER || authorizerOnly) trace.route = metrics::kAuthorizerRoute;
    if (fcgiRole == FCGI_AUTHORIZER) {
        role = " role=authorizer";
        read(false);
        gate.phase(thread, ConnectionGate::Phase::Handling);
        http::Response r = h.authorizer.check(req, trace.tenant);
        metrics::Scoreboard::authorizer(r.status == 200 ? metrics::AuthorizerResult::Allowed
                                                        : metrics::AuthorizerResult::Denied);
        return r;
    }
    if (authorizerOnly) {
        metrics::Scoreboard::authorizer(metrics::AuthorizerResult::Refused);
        role = " role=refused";
        read(false);
        http::Response r = http::Response::text(
            403, "error", "This port answers only the FastCGI Authorizer role");
        r.addHeader("Cache-Control", "no-store");
        return r;
    }
    role = "";
    read(true);
    cut = gate.expired(thread);
    if (cut) return http::Response{};
    gate.phase(thread, ConnectionGate::Phase::Handling);
    return h.dispatcher.handle(req, trace);
}

// What serve() logs and counts of one answered (or cut) request.
struct Done {
    http::Request req;
    api::Trace trace;
    const char* role = "";
    bool cut = false;
    int status = 0;
};

// A plain request (RecordScan::plain): WireExchange reads and answers it. False if the
// connection failed before there was a request to log.
bool serveWire(WireExchange& wire, ConnectionGate& gate, int thread, ConnectionGate::Taken c,
               const Handlers& h, bool authorizerOnly, Done& d) {
    if (!wire.receive(c.fd, c.plainBytes)) {
        gate.release(thread);
        return false;
    }
    // Read here, before answer(), which reads a body exactly when this is true.
    bool readBody = wire.begin().role != FCGI_AUTHORIZER && !authorizerOnly;
    if (!wire.read(d.req, readBody)) {  // RecordScan said plain: never
        util::Log::write(util::Log::Error, "fcgi: a plain request WireExchange cannot read");
        gate.release(thread);
        return false;
    }
    auto read = [](bool) {};
    http::Response resp = answer(wire.begin().role, read, h, authorizerOnly, gate, thread, d.req,
                                 d.trace, d.role, d.cut);
    gate.phase(thread, ConnectionGate::Phase::Finishing);
    bool sent = !d.cut && wire.write(c.fd, resp);
    // FCGI_KEEP_CONN: the gate waits for the next request. Else closed at once: the
    // request was all the client sent (the gate saw its end), so there is nothing to
    // drain as libfcgi does, waiting for the web server to close first.
    if (sent && wire.begin().keepConnection && !gate.expired(thread))
        gate.keep(thread);
    else
        gate.release(thread);
    d.status = resp.status;
    return true;
}

// Any other request: libfcgi reads and answers it.
bool serveLibfcgi(FCGX_Request& request, ConnectionGate& gate, int thread, int fd,
                  const Handlers& h, bool authorizerOnly, Done& d) {
    // libfcgi gets a copy it closes itself; the gate closes the original on release().
    request.ipcFd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    // Else FCGX_Accept_r's opening FCGX_Finish_r closes the descriptor just given.
    request.keepConnection = 1;
    if (request.ipcFd < 0 || FCGX_Accept_r(&request) < 0) {
        // Refused by libfcgi, or (a large body) cut by the deadline while reading.
        gate.release(thread);
        return false;
    }
    auto read = [&](bool readBody) { d.req = FcgiExchange::read(request, readBody); };
    http::Response resp =
        answer(request.role, read, h, authorizerOnly, gate, thread, d.req, d.trace, d.role, d.cut);
    gate.phase(thread, ConnectionGate::Phase::Finishing);
    if (!d.cut) FcgiExchange::write(request, resp);
    FCGX_Finish_r(&request);
    if (request.ipcFd >= 0 && !gate.expired(thread)) {
        ::close(request.ipcFd);  // FCGI_KEEP_CONN: the gate waits for the next request
        request.ipcFd = -1;
        gate.keep(thread);
    } else {
        if (request.ipcFd >= 0) ::close(request.ipcFd);
        request.ipcFd = -1;
        gate.release(thread);
    }
    d.status = resp.status;
    return true;
}

void serve(ConnectionGate& gate, int thread, Handlers handlers, bool authorizerOnly) {
    FCGX_Request request;
    // No listening socket: the gate hands each connection over once its request is all
    // there, and an FCGX_Accept_r that finds no connection fails at once (EBADF).
    FCGX_InitRequest(&request, -1, 0);
    WireExchange wire;
    for (;;) {
        ConnectionGate::Taken c = gate.take(thread, authorizerOnly);
        if (c.fd < 0) break;
        auto start = std::chrono::steady_clock::now();
        metrics::Slot& slot = metrics::Scoreboard::slot();
        metrics::Scoreboard::move(slot.inFlight, 1);
        Done d;
        bool served = c.plainBytes > 0
                          ? serveWire(wire, gate, thread, c, handlers, authorizerOnly, d)
                          : serveLibfcgi(request, gate, thread, c.fd, handlers, authorizerOnly, d);
        auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - start);
        metrics::Scoreboard::move(slot.inFlight, -1);
        if (!served) continue;
        const http::Request& req = d.req;
        if (d.cut) {
            util::Log::write(util::Log::Warn,
                             "rid=" + req.requestId + " method=" + req.method.substr(0, 10) +
                                 " path=" + req.path.substr(0, 200) +
                                 " dropped the connection: the request body did not arrive "
                                 "within " +
                                 std::to_string(gate.timeout().count()) +
                                 " ms (request-timeout-ms)");
            continue;
        }
        metrics::Scoreboard::request(d.trace.route, d.status, d.trace.tenant, micros.count());
        logRequest(req, d.trace.tenant, d.status, micros.count(), d.role);
    }
    FCGX_Free(&request, 1);
    running.fetch_sub(1);
}
}  // namespace

int WorkerProcess::run(int listenFd, int authorizerFd, int readyFd, int slot,
                       config::Settings settings) {
    prctl(PR_SET_PDEATHSIG, SIGTERM);
    metrics::Scoreboard::useSlot(slot);
    metrics::Scoreboard::slot().pid.store(getpid());
    sigset_t waitFor;
    sigemptyset(&waitFor);
    sigaddset(&waitFor, SIGTERM);
    sigaddset(&waitFor, SIGINT);
    sigaddset(&waitFor, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &waitFor, nullptr);

    FCGX_Init();
    signal(SIGPIPE, SIG_IGN);

    std::unique_ptr<api::Services> services;
    try {
        services = std::make_unique<api::Services>(settings);
    } catch (const std::exception& e) {
        util::Log::write(util::Log::Error, std::string("worker cannot start: ") + e.what());
        return 1;
    }
    services->tenants.start();
    // A few minutes in, spread over the processes, then hourly.
    services->janitor.start(120 + static_cast<int>(getpid() % 180));
    // Every process sends: the queue and the outbox rows are claimed with SKIP LOCKED,
    // so senders share the work and never send one mail twice.
    services->mailSender.start();
    api::Dispatcher dispatcher(*services);
    api::Authorizer authorizer(*services);
    Handlers handlers{dispatcher, authorizer};

    std::vector<std::thread> threads;
    int authorizerThreads = authorizerFd >= 0 ? kAuthorizerThreads : 0;
    ConnectionGate gate(listenFd, authorizerFd, settings.workers + authorizerThreads,
                        std::chrono::milliseconds(settings.requestTimeoutMs));
    gate.start();
    running.store(settings.workers + authorizerThreads);
    for (int i = 0; i < settings.workers; ++i)
        threads.emplace_back(serve, std::ref(gate), i, handlers, false);
    for (int i = 0; i < authorizerThreads; ++i)
        threads.emplace_back(serve, std::ref(gate), settings.workers + i, handlers, true);
    // The listening socket already queues connections; the threads take them from here.
    char ready = 'r';
    ssize_t ignored = ::write(readyFd, &ready, 1);
    (void)ignored;
    ::close(readyFd);

    for (;;) {
        int sig = 0;
        if (sigwait(&waitFor, &sig) != 0) continue;
        if (sig == SIGHUP) {
            std::vector<std::string> ignored;
            try {
                config::SettingsLoader::reload(settings, ignored);
                services->applyReloadable(settings);
                for (const auto& k : ignored)
                    util::Log::write(util::Log::Warn, "reload: " + k + " changes only on restart");
            } catch (const std::exception& e) {
                util::Log::write(util::Log::Error,
                                 std::string("reload failed, keeping settings: ") + e.what());
            }
            continue;
        }
        break;
    }
    // Idle threads return; a thread inside a request finishes it first, and requests
    // already complete in the gate are still answered.
    gate.stop();
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(25);
    while (running.load() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (running.load() > 0) {
        util::Log::write(util::Log::Warn, "requests still running at shutdown deadline");
        _exit(0);  // they use the services: end the process before those are destroyed
    }
    for (auto& t : threads) t.join();
    services->mailSender.stop();
    services->janitor.stop();
    services->tenants.stop();
    return 0;
}

}  // namespace ta::fcgi
