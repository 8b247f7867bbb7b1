#pragma once
#include <atomic>
#include <string>

namespace ta::util {

// Lines to stderr (journald or the web server's error log), one write(2) each so
// lines from many threads and processes never interleave. Never pass a secret.
struct Log {
    enum Level { Error = 0, Warn = 1, Info = 2, Debug = 3 };
    static void setLevel(const std::string& name);
    static bool enabled(Level l) { return l <= level_.load(std::memory_order_relaxed); }
    static void write(Level l, const std::string& line);

private:
    static std::atomic<int> level_;
};

}  // namespace ta::util
