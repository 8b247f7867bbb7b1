#include "util/Log.h"

#include <unistd.h>

namespace ta::util {

std::atomic<int> Log::level_{Log::Info};

void Log::setLevel(const std::string& name) {
    int l = name == "error" ? Error : name == "warn" ? Warn : name == "debug" ? Debug : Info;
    level_.store(l, std::memory_order_relaxed);
}

void Log::write(Level l, const std::string& line) {
    if (!enabled(l)) return;
    static const char* names[] = {"error", "warn", "info", "debug"};
    std::string out = "tenantauthd[" + std::to_string(getpid()) + "] " + names[l] + ": " + line + "\n";
    ssize_t ignored = ::write(2, out.data(), out.size());
    (void)ignored;
}

}  // namespace ta::util
