#include "fcgi/Listener.h"

#include <fcgiapp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace ta::fcgi {

bool Listener::loopbackHost(const std::string& host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

bool Listener::isTcp(int fd) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) return false;
    return addr.ss_family == AF_INET || addr.ss_family == AF_INET6;
}

void Listener::check(const std::string& spec) {
    if (spec.empty()) return;
    if (spec.rfind("unix:", 0) == 0) {
        if (spec.size() == 5) throw std::runtime_error("--listen unix: needs a path");
        return;
    }
    size_t colon = spec.rfind(':');
    if (colon == std::string::npos || colon + 1 >= spec.size())
        throw std::runtime_error("--listen must be unix:PATH or HOST:PORT");
    if (!loopbackHost(spec.substr(0, colon)))
        throw std::runtime_error("--listen " + spec +
                                 ": only loopback addresses or unix sockets are allowed");
}

int Listener::open(const std::string& spec) {
    if (spec.empty()) {
        // Socket activation (systemd, systemd-socket-activate). Unsetting LISTEN_*
        // keeps the forked workers from taking them for their own.
        int n = sd_listen_fds(1);
        if (n < 0) throw std::runtime_error("sd_listen_fds failed: " + std::string(strerror(-n)));
        if (n > 1)
            throw std::runtime_error(
                "systemd passed " + std::to_string(n) +
                " sockets; tenantauthd serves exactly one (one ListenStream=)");
        if (n == 1) {
            if (sd_is_socket(SD_LISTEN_FDS_START, AF_UNSPEC, SOCK_STREAM, 1) <= 0)
                throw std::runtime_error(
                    "the socket passed by systemd is not a listening stream socket");
            return SD_LISTEN_FDS_START;
        }
        int type = 0;
        socklen_t len = sizeof type;
        if (getsockopt(0, SOL_SOCKET, SO_TYPE, &type, &len) != 0)
            throw std::runtime_error(
                "no --listen given and fd 0 is not a socket (start it from a web server, "
                "systemd, or with --listen unix:PATH|127.0.0.1:PORT)");
        return 0;
    }
    check(spec);
    int fd = -1;
    if (spec.rfind("unix:", 0) == 0) {
        std::string path = spec.substr(5);
        ::unlink(path.c_str());
        fd = FCGX_OpenSocket(path.c_str(), 1024);
        if (fd >= 0 && ::chmod(path.c_str(), 0660) != 0)
            throw std::runtime_error("cannot chmod " + path);
    } else {
        fd = FCGX_OpenSocket(spec.c_str(), 1024);
    }
    if (fd < 0) throw std::runtime_error("cannot listen on " + spec);
    return fd;
}

}  // namespace ta::fcgi
