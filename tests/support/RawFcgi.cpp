#include "RawFcgi.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace ta::test {

int RawFcgi::connect(const std::string& address) {
    size_t colon = address.rfind(':');
    if (colon == std::string::npos) throw std::runtime_error("bad address " + address);
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw std::runtime_error("socket failed");
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(static_cast<uint16_t>(std::stoi(address.substr(colon + 1))));
    ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &sa.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
        ::close(fd);
        throw std::runtime_error("cannot connect to " + address);
    }
    timeval tv{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

std::string RawFcgi::encode(const Request& r, int id, bool keepConnection) {
    std::string out;
    std::string begin{0, static_cast<char>(r.role), keepConnection ? '\1' : '\0', 0, 0, 0, 0, 0};
    out += record(1, id, begin);
    std::string encoded;
    for (const auto& [name, value] : r.params)
        encoded += length(name) + length(value) + name + value;
    if (!encoded.empty()) out += record(4, id, encoded);
    out += record(4, id, "");
    if (r.role == kResponder) {
        if (!r.body.empty()) out += record(5, id, r.body);
        out += record(5, id, "");
    }
    return out;
}

bool RawFcgi::readAnswer(int fd, std::string& stdoutText) {
    stdoutText.clear();
    std::string in;
    size_t pos = 0;
    char buf[4096];
    for (;;) {
        while (pos + 8 <= in.size()) {
            auto type = static_cast<unsigned char>(in[pos + 1]);
            size_t len = (static_cast<unsigned char>(in[pos + 4]) << 8) |
                         static_cast<unsigned char>(in[pos + 5]);
            size_t pad = static_cast<unsigned char>(in[pos + 6]);
            if (pos + 8 + len + pad > in.size()) break;
            if (type == 6) stdoutText += in.substr(pos + 8, len);
            pos += 8 + len + pad;
            if (type == 3) return true;
        }
        // One byte at a time past the records seen: nothing of a next answer is taken.
        ssize_t n = ::recv(fd, buf, 1, 0);
        if (n <= 0) return false;
        in.append(buf, static_cast<size_t>(n));
    }
}

std::string RawFcgi::exchange(const std::string& address, int role, const Params& params,
                              const std::string& body) {
    int fd = connect(address);
    sendAll(fd, encode(Request{role, params, body}, 1, false));
    std::string in, stdoutText;
    char buf[4096];
    for (;;) {
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        in.append(buf, static_cast<size_t>(n));
    }
    ::close(fd);
    size_t pos = 0;
    while (pos + 8 <= in.size()) {
        auto type = static_cast<unsigned char>(in[pos + 1]);
        size_t len = (static_cast<unsigned char>(in[pos + 4]) << 8) |
                     static_cast<unsigned char>(in[pos + 5]);
        size_t pad = static_cast<unsigned char>(in[pos + 6]);
        if (pos + 8 + len > in.size()) break;
        if (type == 6) stdoutText += in.substr(pos + 8, len);
        pos += 8 + len + pad;
        if (type == 3) break;
    }
    return stdoutText;
}

std::vector<std::string> RawFcgi::kept(const std::string& address,
                                       const std::vector<Request>& requests, int* openFd) {
    int fd = connect(address);
    std::vector<std::string> answers;
    bool open = true;
    for (size_t i = 0; i < requests.size(); ++i) {
        std::string text;
        try {
            if (open) sendAll(fd, encode(requests[i], static_cast<int>(i + 1), true));
        } catch (const std::runtime_error&) {
            open = false;
        }
        open = open && readAnswer(fd, text);
        answers.push_back(open ? text : "");
    }
    if (openFd)
        *openFd = fd;
    else
        ::close(fd);
    return answers;
}

int RawFcgi::status(const std::string& stdoutText) {
    size_t end = stdoutText.find("\r\n\r\n");
    std::string head = stdoutText.substr(0, end);
    size_t at = head.find("Status: ");
    if (at == std::string::npos) return 200;
    return std::stoi(head.substr(at + 8, 3));
}

std::string RawFcgi::body(const std::string& stdoutText) {
    size_t end = stdoutText.find("\r\n\r\n");
    return end == std::string::npos ? std::string() : stdoutText.substr(end + 4);
}

std::string RawFcgi::record(int type, int id, const std::string& content) {
    std::string r{1,
                  static_cast<char>(type),
                  static_cast<char>((id >> 8) & 0xff),
                  static_cast<char>(id & 0xff),
                  static_cast<char>((content.size() >> 8) & 0xff),
                  static_cast<char>(content.size() & 0xff),
                  0,
                  0};
    return r + content;
}

std::string RawFcgi::length(const std::string& s) {
    if (s.size() < 128) return std::string(1, static_cast<char>(s.size()));
    uint32_t n = static_cast<uint32_t>(s.size()) | 0x80000000u;
    return std::string{static_cast<char>(n >> 24), static_cast<char>((n >> 16) & 0xff),
                       static_cast<char>((n >> 8) & 0xff), static_cast<char>(n & 0xff)};
}

void RawFcgi::sendAll(int fd, const std::string& data) {
    size_t sent = 0;
    while (sent < data.size()) {
        ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) throw std::runtime_error("send failed");
        sent += static_cast<size_t>(n);
    }
}

}  // namespace ta::test
