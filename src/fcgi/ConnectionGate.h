#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ta::fcgi {

// Takes every new FastCGI connection of one worker process and holds it, without a
// request thread, until its whole request has arrived (RecordScan over MSG_PEEK); only
// then does a request thread get it, and reads it without blocking. A slow or silent
// client therefore holds a file descriptor, never a thread: with 16 threads, 16 such
// clients used to stall the whole service. A connection whose request is not all there
// within `timeout` (request-timeout-ms) is dropped with one log line; so is a malformed
// one (a params length beyond what was sent: Debian 12's libfcgi would abort the process
// on it).
//
// Behind lighttpd and Apache the request is usually all there when the connection is
// accepted (the web server writes it at once): the gate looks once, right after
// accept4(), and hands such a connection over at once; only the others wait in its
// epoll set. That look saved the epoll round trip (two epoll_ctl, an epoll_wait, two
// fcntl) and ~50 µs per request. An FCGI_KEEP_CONN connection comes back after each
// answer (keep()) and waits, idle, in the same set: its next request gets its own
// `timeout` from its first bytes, and an idle one is closed after `timeout`.
//
// A request thread still reads in two cases: a body over kHandoffBytes (it may not fit
// in the socket buffer, so it is read as it comes) and the answer itself (a client that
// does not read it, or keeps sending after it, keeps libfcgi's close waiting). There the
// gate's thread is a watchdog: past the deadline it shutdown()s the connection, which
// ends the blocking read or write. The request thread owns the descriptor until
// release() or keep(), so the watchdog never hits a reused number.
class ConnectionGate {
public:
    enum class Phase { Reading, Handling, Finishing };
    // Complete params larger than this are refused (Apache and lighttpd send a few KB).
    static constexpr std::size_t kMaxParams = 60 * 1024;
    static constexpr std::size_t kHandoffBytes = 16 * 1024;
    static constexpr std::size_t kPeekBytes = 128 * 1024;
    // Connections still sending their request or idle between two FCGI_KEEP_CONN
    // requests, per process; past it the oldest is dropped.
    static constexpr std::size_t kMaxWaiting = 256;

    // A connection for a request thread. `plainBytes` > 0: its request is exactly that
    // many bytes, all received and plain (RecordScan::plain), for WireExchange; 0: for
    // libfcgi.
    struct Taken {
        int fd = -1;
        std::size_t plainBytes = 0;
    };

    // `authorizerFd` may be -1; `threads`: the request threads, numbered 0..threads-1.
    ConnectionGate(int listenFd, int authorizerFd, int threads, std::chrono::milliseconds timeout);
    ~ConnectionGate();  // stops and joins the gate's thread
    ConnectionGate(const ConnectionGate&) = delete;
    ConnectionGate& operator=(const ConnectionGate&) = delete;

    void start();
    // Accepts no more and drops the connections still sending; requests already complete
    // are still handed out. take() returns fd -1 once none is left.
    void stop();

    // Blocks until a connection with a complete request is ready for `thread`
    // (`authorizer`: one from the authorizer-only listener). The thread owns the returned
    // descriptor until release() or keep().
    Taken take(int thread, bool authorizer);
    void phase(int thread, Phase p);
    // The watchdog cut this thread's connection (its deadline passed).
    bool expired(int thread);
    void release(int thread);  // closes the connection
    // FCGI_KEEP_CONN: the gate waits for the connection's next request.
    void keep(int thread);

    std::chrono::milliseconds timeout() const { return timeout_; }

private:
    using Clock = std::chrono::steady_clock;
    enum class Verdict { Wait, Ready, Drop };
    struct Waiting {
        Clock::time_point since;  // accepted, kept, or a kept one's next request began
        bool authorizer = false;
        bool kept = false;
        std::size_t bytes = 0;  // received so far
        std::string request;    // "rid=.. method=.. path=.." once the params ended
        std::size_t bodyBytes = 0;
    };
    struct Ready {
        int fd;
        bool authorizer;
        std::size_t plainBytes;
    };
    struct Kept {
        int fd;
        bool authorizer;
        Clock::time_point since;
    };
    // A request thread's connection, for the watchdog. Its own lock: the thread takes it
    // four or five times per request, and one lock shared by all threads and the gate
    // made them queue (futex calls per request, strace -c).
    struct Slot {
        std::mutex m;  // guards what follows
        int fd = -1;
        bool authorizer = false;  // from the authorizer-only listener: kept so by keep()
        Clock::time_point deadline = Clock::time_point::max();
        bool expired = false;
    };

    void run();
    void acceptOne(int listenFd, bool authorizer);
    Verdict look(int fd, Waiting& w, bool hangup, std::size_t& plainBytes, std::string& why);
    void park(int fd, Waiting w);
    void examine(int fd, unsigned events);
    void handOff(int fd, bool authorizer, std::size_t plainBytes);
    void drop(int fd, const std::string& why);
    void closeLogged(int fd, const Waiting& w, const std::string& why);
    void takeKept();
    static void clear(Slot& s);
    void expire();
    void listenTo(bool on);

    int listenFd_, authorizerFd_;
    bool tcp_[2] = {false, false};  // per listener: set TCP_NODELAY on its connections
    std::chrono::milliseconds timeout_;
    int epoll_ = -1, wake_ = -1;
    std::thread thread_;
    std::atomic<bool> quit_{false}, stopping_{false};
    bool listening_ = false;
    Clock::time_point acceptPausedUntil_{}, nextExpiry_{};
    std::map<int, Waiting> waiting_;  // only the gate's thread touches it
    std::vector<unsigned char> peek_;

    std::vector<Slot> slots_;  // one per request thread, each with its own lock

    std::mutex mu_;  // guards what follows
    std::condition_variable ready_cv_[2];
    std::deque<Ready> ready_[2];
    // Back from keep(), already in the epoll set, for the gate's thread to take.
    std::vector<Kept> kept_;
    bool stopped_ = false;
};

}  // namespace ta::fcgi
