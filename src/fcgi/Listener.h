#pragma once
#include <string>

namespace ta::fcgi {

// The listening socket. Debian 12's libfcgi carries only part of the
// CVE-2025-23016 fix, so it is a unix socket (0660) or a loopback port, never a
// public address; without --listen it is the socket systemd hands over
// (sd_listen_fds) or, when a web server spawns the daemon, fd 0.
struct Listener {
    static int open(const std::string& spec);  // throws std::runtime_error
    // What open() refuses about the spec itself, without opening anything.
    static void check(const std::string& spec);  // throws std::runtime_error
    static bool loopbackHost(const std::string& host);
    // Is `fd` a TCP socket (whichever way it came: --listen, systemd or fd 0)?
    static bool isTcp(int fd);
};

}  // namespace ta::fcgi
