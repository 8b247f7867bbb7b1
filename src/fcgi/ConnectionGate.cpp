#include "fcgi/ConnectionGate.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

#include "fcgi/RecordScan.h"
#include "util/Log.h"

namespace ta::fcgi {

namespace {
constexpr uint64_t kWakeTag = 1ull << 32;
constexpr uint64_t kListenTag = 2ull << 32;
constexpr uint64_t kAuthorizerTag = 3ull << 32;

std::string printable(const std::string& s) {
    std::string out = s;
    for (char& ch : out)
        if (static_cast<unsigned char>(ch) < 0x21 || ch == 0x7f) ch = '?';
    return out;
}

void setBlocking(int fd, bool blocking) {
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0) fcntl(fd, F_SETFL, blocking ? flags & ~O_NONBLOCK : flags | O_NONBLOCK);
}
}  // namespace

ConnectionGate::ConnectionGate(int listenFd, int authorizerFd, int threads,
                               std::chrono::milliseconds timeout)
    : listenFd_(listenFd), authorizerFd_(authorizerFd), timeout_(timeout), peek_(kPeekBytes) {
    slots_.resize(static_cast<size_t>(threads));
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    wake_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epoll_ < 0 || wake_ < 0) throw std::runtime_error("epoll_create1/eventfd failed");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeTag;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
    // Level-triggered; every process of the pool waits on the same listening sockets and
    // one of them gets each connection (the others see EAGAIN).
    for (int fd : {listenFd_, authorizerFd_}) {
        if (fd < 0) continue;
        ev.events = 0;
        ev.data.u64 = fd == listenFd_ ? kListenTag : kAuthorizerTag;
        epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    }
}

ConnectionGate::~ConnectionGate() {
    stop();
    quit_.store(true);
    uint64_t one = 1;
    ssize_t ignored = ::write(wake_, &one, sizeof one);
    (void)ignored;
    if (thread_.joinable()) thread_.join();
    for (auto& [fd, w] : waiting_) ::close(fd);
    ::close(epoll_);
    ::close(wake_);
}

void ConnectionGate::start() {
    // The listening sockets are shared with the other processes (fork): non-blocking for
    // all of them, which is what each gate wants.
    for (int fd : {listenFd_, authorizerFd_})
        if (fd >= 0) setBlocking(fd, false);
    listenTo(true);
    thread_ = std::thread([this] { run(); });
}

void ConnectionGate::stop() {
    if (stopping_.exchange(true)) return;
    uint64_t one = 1;
    ssize_t ignored = ::write(wake_, &one, sizeof one);
    (void)ignored;
    std::lock_guard<std::mutex> lock(mu_);
    stopped_ = true;
    for (auto& cv : ready_cv_) cv.notify_all();
}

int ConnectionGate::take(int thread, bool authorizer) {
    std::unique_lock<std::mutex> lock(mu_);
    auto& queue = ready_[authorizer ? 1 : 0];
    ready_cv_[authorizer ? 1 : 0].wait(lock, [&] { return !queue.empty() || stopped_; });
    if (queue.empty()) return -1;
    Ready r = queue.front();
    queue.pop_front();
    Slot& s = slots_[static_cast<size_t>(thread)];
    s.fd = r.fd;
    s.authorizer = r.authorizer;
    s.expired = false;
    // From now, not from the connection's arrival: a complete request that waited here
    // for a free thread (all busy hashing) is no client's fault; reading it does not
    // block, and a body over kHandoffBytes gets one more request-timeout to come.
    s.deadline = Clock::now() + timeout_;
    return r.fd;
}

void ConnectionGate::phase(int thread, Phase p) {
    std::lock_guard<std::mutex> lock(mu_);
    Slot& s = slots_[static_cast<size_t>(thread)];
    // Handling: the time the handler takes (bcrypt, the database) is not the client's.
    if (p == Phase::Handling) s.deadline = Clock::time_point::max();
    if (p == Phase::Finishing) s.deadline = Clock::now() + timeout_;
}

bool ConnectionGate::expired(int thread) {
    std::lock_guard<std::mutex> lock(mu_);
    return slots_[static_cast<size_t>(thread)].expired;
}

void ConnectionGate::release(int thread) {
    std::lock_guard<std::mutex> lock(mu_);
    Slot& s = slots_[static_cast<size_t>(thread)];
    if (s.fd >= 0) ::close(s.fd);
    s = Slot{};
}

void ConnectionGate::keep(int thread) {
    std::lock_guard<std::mutex> lock(mu_);
    Slot& s = slots_[static_cast<size_t>(thread)];
    if (s.fd >= 0 && !stopped_) {
        kept_.push_back(Ready{s.fd, s.authorizer});
        uint64_t one = 1;
        ssize_t ignored = ::write(wake_, &one, sizeof one);
        (void)ignored;
    } else if (s.fd >= 0) {
        ::close(s.fd);
    }
    s = Slot{};
}

void ConnectionGate::listenTo(bool on) {
    if (listening_ == on) return;
    listening_ = on;
    for (int fd : {listenFd_, authorizerFd_}) {
        if (fd < 0) continue;
        epoll_event ev{};
        ev.events = on ? static_cast<uint32_t>(EPOLLIN) : 0u;
        ev.data.u64 = fd == listenFd_ ? kListenTag : kAuthorizerTag;
        epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &ev);
    }
}

void ConnectionGate::run() {
    epoll_event events[64];
    while (!quit_.load()) {
        if (stopping_.load()) {
            listenTo(false);
            while (!waiting_.empty()) drop(waiting_.begin()->first, "");
        } else if (!listening_ && Clock::now() >= acceptPausedUntil_) {
            listenTo(true);
        }
        int n = epoll_wait(epoll_, events, 64, 100);
        for (int i = 0; i < n; ++i) {
            uint64_t tag = events[i].data.u64;
            if (tag == kWakeTag) {
                uint64_t count;
                ssize_t ignored = ::read(wake_, &count, sizeof count);
                (void)ignored;
                std::vector<Ready> back;
                {
                    std::lock_guard<std::mutex> lock(mu_);
                    back.swap(kept_);
                }
                for (const Ready& r : back) hold(r.fd, r.authorizer, true);
            } else if (tag == kListenTag || tag == kAuthorizerTag) {
                if (!stopping_.load())
                    acceptAll(tag == kListenTag ? listenFd_ : authorizerFd_, tag == kAuthorizerTag);
            } else {
                examine(static_cast<int>(tag), events[i].events);
            }
        }
        expire();
    }
}

void ConnectionGate::acceptAll(int listenFd, bool authorizer) {
    for (;;) {
        int fd = accept4(listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Out of descriptors: leave new connections in the listen queue a while.
                util::Log::write(util::Log::Warn,
                                 "fcgi: accept failed (out of file "
                                 "descriptors), pausing accept for 100 ms");
                acceptPausedUntil_ = Clock::now() + std::chrono::milliseconds(100);
                listenTo(false);
            }
            return;  // EAGAIN: another process took it; ECONNABORTED and the like: next time
        }
        int one = 1;  // answers are written in a few records: no Nagle delay (as libfcgi)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        if (waiting_.size() >= kMaxWaiting) {
            auto oldest = waiting_.begin();
            for (auto it = waiting_.begin(); it != waiting_.end(); ++it)
                if (it->second.since < oldest->second.since) oldest = it;
            drop(oldest->first, "more than " + std::to_string(kMaxWaiting) +
                                    " connections still sending their request; dropped the "
                                    "oldest");
        }
        hold(fd, authorizer, false);
    }
}

void ConnectionGate::hold(int fd, bool authorizer, bool kept) {
    if (kept) setBlocking(fd, false);  // accept4 made a new one non-blocking already
    Waiting w;
    w.since = Clock::now();
    w.authorizer = authorizer;
    w.kept = kept;
    waiting_[fd] = w;
    epoll_event ev{};
    // Edge-triggered: peeked bytes stay unread, so a level-triggered socket would wake
    // the loop again at once; each new arrival is one edge. Data already there when
    // added is reported once.
    ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
    ev.data.u64 = static_cast<uint64_t>(fd);
    if (epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev) != 0) {
        waiting_.erase(fd);
        ::close(fd);
    }
}

void ConnectionGate::examine(int fd, unsigned events) {
    auto it = waiting_.find(fd);
    if (it == waiting_.end()) return;
    ssize_t got = ::recv(fd, peek_.data(), peek_.size(), MSG_PEEK);
    bool hangup = events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR);
    if (got < 0 && (errno == EAGAIN || errno == EINTR) && !hangup) return;
    if (got <= 0) {
        // Closed without sending anything (more): nothing to answer.
        drop(fd, it->second.bytes > 0 ? "the client closed before its request ended (" +
                                            std::to_string(it->second.bytes) + " bytes)"
                                      : "");
        return;
    }
    auto size = static_cast<size_t>(got);
    it->second.bytes = size;
    RecordScan s = RecordScan::scan(peek_.data(), size, kMaxParams);
    if (s.paramsDone && it->second.request.empty()) {
        it->second.request = "rid=" + printable(s.requestId.empty() ? "-" : s.requestId) +
                             " method=" + printable(s.method) + " path=" + printable(s.uri);
    }
    it->second.bodyBytes = s.bodyBytes;
    if (s.state == RecordScan::State::Malformed) {
        drop(fd, "malformed FastCGI request: " + s.reason);
    } else if (s.state == RecordScan::State::Complete || (s.paramsDone && size >= kHandoffBytes)) {
        handOff(fd);
    } else if (size >= peek_.size()) {
        drop(fd, "no end of the params in the first " + std::to_string(peek_.size()) + " bytes");
    } else if (hangup) {
        drop(fd, "the client closed before its request ended (" + std::to_string(size) + " bytes)");
    }
}

void ConnectionGate::handOff(int fd) {
    auto it = waiting_.find(fd);
    Ready r{fd, it->second.authorizer};
    waiting_.erase(it);
    epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    setBlocking(fd, true);  // libfcgi reads and writes it blocking
    std::lock_guard<std::mutex> lock(mu_);
    ready_[r.authorizer ? 1 : 0].push_back(r);
    ready_cv_[r.authorizer ? 1 : 0].notify_one();
}

void ConnectionGate::drop(int fd, const std::string& why) {
    auto it = waiting_.find(fd);
    if (it == waiting_.end()) return;
    if (!why.empty()) {
        std::string who = it->second.request.empty() ? "" : it->second.request + " ";
        util::Log::write(util::Log::Warn, "fcgi: " + who + "dropped the connection: " + why);
    }
    waiting_.erase(it);
    epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    ::close(fd);
}

void ConnectionGate::expire() {
    auto now = Clock::now();
    std::vector<int> late;
    for (const auto& [fd, w] : waiting_)
        if (now - w.since >= timeout_) late.push_back(fd);
    for (int fd : late) {
        const Waiting& w = waiting_[fd];
        std::string ms = std::to_string(timeout_.count()) + " ms (request-timeout-ms; ";
        if (w.kept && w.bytes == 0) {
            drop(fd, "");  // an idle FCGI_KEEP_CONN connection: closing it is routine
        } else if (!w.request.empty()) {
            drop(fd, "the request body did not arrive within " + ms + std::to_string(w.bodyBytes) +
                         " bytes of it came)");
        } else {
            drop(fd, "the request's params did not arrive within " + ms + std::to_string(w.bytes) +
                         " bytes came)");
        }
    }
    std::lock_guard<std::mutex> lock(mu_);
    for (Slot& s : slots_) {
        if (s.fd < 0 || s.expired || now < s.deadline) continue;
        ::shutdown(s.fd, SHUT_RDWR);  // ends libfcgi's blocking read or write
        s.expired = true;
    }
}

}  // namespace ta::fcgi
