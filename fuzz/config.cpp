// The daemon's config file (config::SettingsLoader, boost::program_options' INI
// reader) followed by validate() and the listener check, as tenantauthd --check-config
// runs them. Anything but config::UsageError escaping them would end the daemon.
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/Settings.h"
#include "fcgi/Listener.h"

using namespace ta;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // One in-memory file, rewritten per input: no disk traffic, nothing left behind.
    static const int fd = memfd_create("tenantauth-fuzz.conf", 0);
    static const std::string path = "/proc/self/fd/" + std::to_string(fd);
    if (fd < 0 || ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != static_cast<ssize_t>(size))
        std::abort();
    std::vector<std::string> rest;
    bool help = false;
    try {
        config::Settings s = config::SettingsLoader::load({"--config", path}, rest, help, nullptr);
        config::SettingsLoader::validate(s);
        fcgi::Listener::check(s.listen);
    } catch (const config::UsageError&) {
    } catch (const std::runtime_error&) {  // Listener::check's refusal
    }
    return 0;
}
