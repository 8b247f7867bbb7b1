#include "fcgi/Listener.h"

#include <fcgiapp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace ta::fcgi {

bool Listener::loopbackHost(const std::string& host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

int Listener::open(const std::string& spec) {
    if (spec.empty()) {
        const char* pid = std::getenv("LISTEN_PID");
        const char* fds = std::getenv("LISTEN_FDS");
        if (pid && fds && std::atoi(pid) == getpid() && std::atoi(fds) >= 1) return 3;
        int type = 0;
        socklen_t len = sizeof type;
        if (getsockopt(0, SOL_SOCKET, SO_TYPE, &type, &len) != 0)
            throw std::runtime_error("no --listen given and fd 0 is not a socket (start it from a web server, "
                                     "systemd, or with --listen unix:PATH|127.0.0.1:PORT)");
        return 0;
    }
    int fd = -1;
    if (spec.rfind("unix:", 0) == 0) {
        std::string path = spec.substr(5);
        if (path.empty()) throw std::runtime_error("--listen unix: needs a path");
        ::unlink(path.c_str());
        fd = FCGX_OpenSocket(path.c_str(), 1024);
        if (fd >= 0 && ::chmod(path.c_str(), 0660) != 0) throw std::runtime_error("cannot chmod " + path);
    } else {
        size_t colon = spec.rfind(':');
        if (colon == std::string::npos || colon + 1 >= spec.size())
            throw std::runtime_error("--listen must be unix:PATH or HOST:PORT");
        std::string host = spec.substr(0, colon);
        if (!loopbackHost(host))
            throw std::runtime_error("--listen " + spec + ": only loopback addresses or unix sockets are allowed");
        fd = FCGX_OpenSocket(spec.c_str(), 1024);
    }
    if (fd < 0) throw std::runtime_error("cannot listen on " + spec);
    return fd;
}

}  // namespace ta::fcgi
