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

#include "fcgi/Listener.h"
#include "fcgi/RecordScan.h"
#include "util/Log.h"

namespace ta::fcgi {

namespace {
constexpr uint64_t kWakeTag = 1ull << 32;
constexpr uint64_t kListenTag = 2ull << 32;
constexpr uint64_t kAuthorizerTag = 3ull << 32;
// Edge-triggered: peeked bytes stay unread, so a level-triggered socket would wake the
// loop again at once; each new arrival is one edge. Data already there when added is
// reported once.
constexpr uint32_t kWatch = EPOLLIN | EPOLLRDHUP | EPOLLET;
// expire() runs at most this often (it locks and walks every slot).
constexpr auto kExpiryEvery = std::chrono::milliseconds(10);

std::string printable(const std::string& s) {
    std::string out = s;
    for (char& ch : out)
        if (static_cast<unsigned char>(ch) < 0x21 || ch == 0x7f) ch = '?';
    return out;
}

bool watch(int epoll, int fd) {
    epoll_event ev{};
    ev.events = kWatch;
    ev.data.u64 = static_cast<uint64_t>(fd);
    return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &ev) == 0;
}
}  // namespace

ConnectionGate::ConnectionGate(int listenFd, int authorizerFd, int threads,
                               std::chrono::milliseconds timeout)
    : listenFd_(listenFd),
      authorizerFd_(authorizerFd),
      timeout_(timeout),
      peek_(kPeekBytes),
      slots_(static_cast<size_t>(threads)) {
    // TCP_NODELAY is no option of a unix socket: only set where it means something.
    tcp_[0] = listenFd_ >= 0 && Listener::isTcp(listenFd_);
    tcp_[1] = authorizerFd_ >= 0 && Listener::isTcp(authorizerFd_);
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    wake_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epoll_ < 0 || wake_ < 0) throw std::runtime_error("epoll_create1/eventfd failed");
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = kWakeTag;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev);
}

ConnectionGate::~ConnectionGate() {
    stop();
    quit_.store(true);
    uint64_t one = 1;
    ssize_t ignored = ::write(wake_, &one, sizeof one);
    (void)ignored;
    if (thread_.joinable()) thread_.join();
    for (auto& [fd, w] : waiting_) ::close(fd);
    for (const Kept& k : kept_) ::close(k.fd);
    ::close(epoll_);
    ::close(wake_);
}

void ConnectionGate::start() {
    // The listening sockets are shared with the other processes (fork): non-blocking for
    // all of them, which is what each gate wants.
    for (int fd : {listenFd_, authorizerFd_}) {
        if (fd < 0) continue;
        int flags = fcntl(fd, F_GETFL);
        if (flags >= 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }
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

ConnectionGate::Taken ConnectionGate::take(int thread, bool authorizer) {
    Ready r{};
    {
        std::unique_lock<std::mutex> lock(mu_);
        auto& queue = ready_[authorizer ? 1 : 0];
        ready_cv_[authorizer ? 1 : 0].wait(lock, [&] { return !queue.empty() || stopped_; });
        if (queue.empty()) return Taken{};
        r = queue.front();
        queue.pop_front();
    }
    Slot& s = slots_[static_cast<size_t>(thread)];
    std::lock_guard<std::mutex> lock(s.m);
    s.fd = r.fd;
    s.authorizer = r.authorizer;
    s.expired = false;
    // From now, not from the connection's arrival: a complete request that waited here
    // for a free thread (all busy hashing) is no client's fault; reading it does not
    // block, and a body over kHandoffBytes gets one more request-timeout to come.
    s.deadline = Clock::now() + timeout_;
    return Taken{r.fd, r.plainBytes};
}

void ConnectionGate::phase(int thread, Phase p) {
    Slot& s = slots_[static_cast<size_t>(thread)];
    std::lock_guard<std::mutex> lock(s.m);
    // Handling: the time the handler takes (bcrypt, the database) is not the client's.
    if (p == Phase::Handling) s.deadline = Clock::time_point::max();
    if (p == Phase::Finishing) s.deadline = Clock::now() + timeout_;
}

bool ConnectionGate::expired(int thread) {
    Slot& s = slots_[static_cast<size_t>(thread)];
    std::lock_guard<std::mutex> lock(s.m);
    return s.expired;
}

void ConnectionGate::release(int thread) {
    Slot& s = slots_[static_cast<size_t>(thread)];
    std::lock_guard<std::mutex> lock(s.m);
    if (s.fd >= 0) ::close(s.fd);
    clear(s);
}

void ConnectionGate::keep(int thread) {
    Slot& s = slots_[static_cast<size_t>(thread)];
    int fd;
    bool authorizer;
    {
        std::lock_guard<std::mutex> lock(s.m);
        fd = s.fd;
        authorizer = s.authorizer;
        clear(s);  // the watchdog leaves it alone from here
    }
    if (fd < 0) return;
    std::lock_guard<std::mutex> lock(mu_);
    // Into the epoll set from here, under the lock: the gate's thread, woken by the next
    // request, finds the connection in kept_ (takeKept()). Waking that thread through the
    // eventfd instead cost two more system calls and a context switch per request.
    if (!stopped_) {
        kept_.push_back(Kept{fd, authorizer, Clock::now()});
        if (watch(epoll_, fd)) return;
        kept_.pop_back();
    }
    ::close(fd);
}

void ConnectionGate::clear(Slot& s) {
    s.fd = -1;
    s.authorizer = false;
    s.deadline = Clock::time_point::max();
    s.expired = false;
}

void ConnectionGate::listenTo(bool on) {
    if (listening_ == on) return;
    listening_ = on;
    for (int fd : {listenFd_, authorizerFd_}) {
        if (fd < 0) continue;
        if (!on) {
            epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
            continue;
        }
        // Level-triggered; every process of the pool waits on the same listening sockets,
        // a new connection wakes them all and one gets it (the others see EAGAIN). Not
        // EPOLLEXCLUSIVE: the kernel then wakes the first idle gate, and a gate is idle
        // even while its request threads are all busy; one process got 573 of 576
        // requests (HostileFcgiIT), its logins queued for seconds behind its hash pool.
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.u64 = fd == listenFd_ ? kListenTag : kAuthorizerTag;
        epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &ev);
    }
}

void ConnectionGate::run() {
    epoll_event events[64];
    while (!quit_.load()) {
        if (stopping_.load()) {
            listenTo(false);
            takeKept();
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
            } else if (tag == kListenTag || tag == kAuthorizerTag) {
                // One per event: the socket is level-triggered, so the next epoll_wait
                // reports the rest, and no accept4 per wake ends in EAGAIN.
                if (!stopping_.load() && listening_)
                    acceptOne(tag == kListenTag ? listenFd_ : authorizerFd_, tag == kAuthorizerTag);
            } else {
                examine(static_cast<int>(tag), events[i].events);
            }
        }
        auto now = Clock::now();
        if (now >= nextExpiry_) {
            nextExpiry_ = now + kExpiryEvery;
            expire();
        }
    }
}

void ConnectionGate::acceptOne(int listenFd, bool authorizer) {
    // Blocking, as libfcgi and WireExchange read and write it; the gate itself only
    // peeks, with MSG_DONTWAIT.
    int fd = accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
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
    if (tcp_[authorizer ? 1 : 0]) {
        int one = 1;  // answers are written in a few records: no Nagle delay (as libfcgi)
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    Waiting w;
    w.since = Clock::now();
    w.authorizer = authorizer;
    std::size_t plainBytes = 0;
    std::string why;
    switch (look(fd, w, false, plainBytes, why)) {
        case Verdict::Ready:
            handOff(fd, authorizer, plainBytes);
            break;
        case Verdict::Drop:
            closeLogged(fd, w, why);
            break;
        case Verdict::Wait:
            park(fd, std::move(w));
            break;
    }
}

void ConnectionGate::park(int fd, Waiting w) {
    if (waiting_.size() >= kMaxWaiting) {
        auto oldest = waiting_.begin();
        for (auto it = waiting_.begin(); it != waiting_.end(); ++it)
            if (it->second.since < oldest->second.since) oldest = it;
        // An idle FCGI_KEEP_CONN connection: closing it is routine (the web server opens
        // another when it needs one).
        bool idle = oldest->second.kept && oldest->second.bytes == 0;
        drop(oldest->first, idle ? ""
                                 : "more than " + std::to_string(kMaxWaiting) +
                                       " connections still sending their request; dropped "
                                       "the oldest");
    }
    if (!watch(epoll_, fd)) {
        ::close(fd);
        return;
    }
    waiting_.emplace(fd, std::move(w));
}

ConnectionGate::Verdict ConnectionGate::look(int fd, Waiting& w, bool hangup,
                                             std::size_t& plainBytes, std::string& why) {
    ssize_t got = ::recv(fd, peek_.data(), peek_.size(), MSG_PEEK | MSG_DONTWAIT);
    if (got < 0 && (errno == EAGAIN || errno == EINTR) && !hangup) return Verdict::Wait;
    if (got <= 0) {
        // Closed without sending anything (more): nothing to answer.
        if (w.bytes > 0)
            why = "the client closed before its request ended (" + std::to_string(w.bytes) +
                  " bytes)";
        return Verdict::Drop;
    }
    auto size = static_cast<size_t>(got);
    // A kept connection's next request has its own request-timeout from its first bytes.
    if (w.kept && w.bytes == 0) w.since = Clock::now();
    w.bytes = size;
    RecordScan s = RecordScan::scan(peek_.data(), size, kMaxParams);
    w.bodyBytes = s.bodyBytes;
    if (s.state == RecordScan::State::Complete) {
        plainBytes = s.plain ? size : 0;
        return Verdict::Ready;
    }
    if (s.paramsDone && size >= kHandoffBytes && s.state != RecordScan::State::Malformed)
        return Verdict::Ready;
    if (s.paramsDone && w.request.empty()) {
        w.request = "rid=" + printable(s.requestId.empty() ? "-" : s.requestId) +
                    " method=" + printable(s.method) + " path=" + printable(s.uri);
    }
    if (s.state == RecordScan::State::Malformed) {
        why = "malformed FastCGI request: " + s.reason;
        return Verdict::Drop;
    }
    if (size >= peek_.size()) {
        why = "no end of the params in the first " + std::to_string(peek_.size()) + " bytes";
        return Verdict::Drop;
    }
    if (hangup) {
        why = "the client closed before its request ended (" + std::to_string(size) + " bytes)";
        return Verdict::Drop;
    }
    return Verdict::Wait;
}

void ConnectionGate::examine(int fd, unsigned events) {
    auto it = waiting_.find(fd);
    if (it == waiting_.end()) {
        takeKept();  // a kept connection's next request, before expire() took it
        it = waiting_.find(fd);
        if (it == waiting_.end()) return;
    }
    bool hangup = events & (EPOLLRDHUP | EPOLLHUP | EPOLLERR);
    std::size_t plainBytes = 0;
    std::string why;
    switch (look(fd, it->second, hangup, plainBytes, why)) {
        case Verdict::Ready: {
            bool authorizer = it->second.authorizer;
            waiting_.erase(it);
            epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
            handOff(fd, authorizer, plainBytes);
            break;
        }
        case Verdict::Drop:
            drop(fd, why);
            break;
        case Verdict::Wait:
            break;
    }
}

void ConnectionGate::handOff(int fd, bool authorizer, std::size_t plainBytes) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        ready_[authorizer ? 1 : 0].push_back(Ready{fd, authorizer, plainBytes});
    }
    // After the unlock: the woken thread does not wait for this one's lock.
    ready_cv_[authorizer ? 1 : 0].notify_one();
}

void ConnectionGate::drop(int fd, const std::string& why) {
    auto it = waiting_.find(fd);
    if (it == waiting_.end()) return;
    Waiting w = std::move(it->second);
    waiting_.erase(it);
    epoll_ctl(epoll_, EPOLL_CTL_DEL, fd, nullptr);
    closeLogged(fd, w, why);
}

void ConnectionGate::closeLogged(int fd, const Waiting& w, const std::string& why) {
    if (!why.empty()) {
        std::string who = w.request.empty() ? "" : w.request + " ";
        util::Log::write(util::Log::Warn, "fcgi: " + who + "dropped the connection: " + why);
    }
    ::close(fd);
}

void ConnectionGate::takeKept() {
    std::vector<Kept> back;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (kept_.empty()) return;
        back.swap(kept_);
    }
    for (const Kept& k : back) {
        Waiting w;
        w.since = k.since;
        w.authorizer = k.authorizer;
        w.kept = true;
        waiting_.emplace(k.fd, std::move(w));
    }
}

void ConnectionGate::expire() {
    takeKept();
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
    for (Slot& s : slots_) {
        std::lock_guard<std::mutex> lock(s.m);
        if (s.fd < 0 || s.expired || now < s.deadline) continue;
        ::shutdown(s.fd, SHUT_RDWR);  // ends a blocking read or write
        s.expired = true;
    }
}

}  // namespace ta::fcgi
