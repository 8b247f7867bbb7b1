#pragma once
#include <atomic>
#include <initializer_list>
#include <string>
#include <string_view>

namespace ta::util {

// Lines to stderr (journald or the web server's error log). Each write(2) carries
// whole lines and at most PIPE_BUF bytes (a longer line alone), so lines from many
// threads and processes never interleave. Never pass a secret.
struct Log {
    enum Level { Error = 0, Warn = 1, Info = 2, Debug = 3 };
    static void setLevel(const std::string& name);
    static bool enabled(Level l) { return l <= level_.load(std::memory_order_relaxed); }
    // At once, after the request lines still buffered in this process.
    static void write(Level l, const std::string& line);
    // One request's line (Info), the concatenation of `parts`. Buffered under load: it
    // reaches stderr within 50 ms, when the thread that wrote it ends, at exit(), at a
    // fork or before the next write() line; a crash loses at most the last 50 ms.
    static void request(std::initializer_list<std::string_view> parts);
    // Writes the buffered request lines now.
    static void flush();

private:
    static std::atomic<int> level_;
};

}  // namespace ta::util
