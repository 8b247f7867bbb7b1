#include "ItEnv.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <dirent.h>
#include <fstream>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace ta::test {

std::string ItEnv::var(const std::string& name, const std::string& fallback) {
    const char* v = std::getenv(name.c_str());
    return v && *v ? v : fallback;
}

std::string ItEnv::front() { return var("TA_FRONT", "unknown"); }
std::string ItEnv::daemonLogPath() { return var("TA_DAEMON_LOG"); }
std::string ItEnv::stateDir() { return var("TA_STATE_DIR"); }

std::string ItEnv::readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

ItProcessResult ItEnv::run(const std::string& command, const std::string& stdinText) {
    ItProcessResult r;
    r.command = command;
    std::string dir = var("TMPDIR", "/tmp");
    std::string base = dir + "/ta-it-" + std::to_string(getpid()) + "-" + uniqueSuffix();
    std::string in = base + ".in", out = base + ".out", err = base + ".err";
    {
        std::ofstream f(in, std::ios::binary);
        f << stdinText;
    }
    std::string full = "(" + command + ") <'" + in + "' >'" + out + "' 2>'" + err + "'";
    int status = std::system(full.c_str());
    if (status != -1 && WIFEXITED(status)) r.exitCode = WEXITSTATUS(status);
    r.out = readFile(out);
    r.err = readFile(err);
    std::remove(in.c_str());
    std::remove(out.c_str());
    std::remove(err.c_str());
    return r;
}

ItProcessResult ItEnv::ctl(const std::string& args, const std::string& stdinText) {
    std::string prefix = var("TA_CTL");
    if (prefix.empty()) throw std::runtime_error("TA_CTL is not set");
    return run(prefix + " " + args, stdinText);
}

ItProcessResult ItEnv::stack(const std::string& function) {
    std::string sh = var("TA_STACK_SH"), dir = stateDir();
    if (sh.empty() || dir.empty()) throw std::runtime_error("TA_STACK_SH / TA_STATE_DIR not set");
    return run("bash -c '. \"" + sh + "\" && " + function + " \"" + dir + "\"'");
}

std::string ItEnv::uniqueSuffix() {
    static std::atomic<unsigned> counter{0};
    static const std::string stamp = [] {
        std::ostringstream s;
        s << std::hex << (static_cast<unsigned long>(std::time(nullptr)) & 0xffffff) << getpid();
        return s.str();
    }();
    return stamp + "x" + std::to_string(++counter);
}

std::string ItEnv::uniqueEmail(const std::string& prefix) {
    return prefix + "." + uniqueSuffix() + "@example.test";
}

std::string ItEnv::uniqueSlug(const std::string& prefix) {
    std::string s = prefix + "_" + uniqueSuffix();
    return s.size() > 40 ? s.substr(0, 40) : s;
}

std::string ItEnv::password() { return "Correct-Horse-7"; }

std::string ItEnv::quote(const std::string& text) {
    std::string out = "\"";
    for (unsigned char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += static_cast<char>(c);
                }
        }
    }
    return out + "\"";
}

std::string ItEnv::credentials(const std::string& email, const std::string& password) {
    return "{\"email\":" + quote(email) + ",\"password\":" + quote(password) + "}";
}

std::string ItEnv::bearer(const std::string& token) { return "Bearer " + token; }

HttpClient::Headers ItEnv::auth(const std::string& token) { return {{"Authorization", bearer(token)}}; }

HttpClient::Headers ItEnv::refreshCookie(const std::string& refreshToken) {
    return {{"Cookie", "refresh_token=" + refreshToken}};
}

ItUser ItEnv::registerUser(const std::string& host, const HttpClient& client) {
    ItUser u;
    u.host = host;
    u.email = uniqueEmail("reg");
    u.password = password();
    u.response = client.postJson("/api/auth/register", credentials(u.email, u.password), {}, host);
    if (u.response.status != 201)
        throw std::runtime_error("register at " + host + " failed: " + u.response.describe());
    u.accessToken = u.response.jsonString("accessToken");
    u.refreshToken = u.response.cookie("refresh_token").value;
    auto user = u.response.json()->getObject("user");
    if (user && user->has("id")) u.id = user->getValue<std::string>("id");
    return u;
}

HttpResponse ItEnv::login(const std::string& email, const std::string& password, const std::string& host,
                          const HttpClient& client) {
    return client.postJson("/api/auth/login", credentials(email, password), {}, host);
}

ItUser ItEnv::loginUser(const std::string& email, const std::string& password, const std::string& host,
                        const HttpClient& client) {
    ItUser u;
    u.host = host;
    u.email = email;
    u.password = password;
    u.response = login(email, password, host, client);
    if (u.response.status != 200)
        throw std::runtime_error("login of " + email + " at " + host + " failed: " + u.response.describe());
    u.accessToken = u.response.jsonString("accessToken");
    u.refreshToken = u.response.cookie("refresh_token").value;
    auto user = u.response.json()->getObject("user");
    if (user && user->has("id")) u.id = user->getValue<std::string>("id");
    return u;
}

pid_t ItEnv::daemonPid() {
    std::string text = readFile(var("TA_DAEMON_PID_FILE"));
    return static_cast<pid_t>(std::atol(text.c_str()));
}

namespace {
// Fields of /proc/PID/stat after the command name: state, ppid, ...
bool procStat(pid_t pid, char& state, pid_t& ppid) {
    std::string text = ItEnv::readFile("/proc/" + std::to_string(pid) + "/stat");
    size_t close = text.rfind(')');
    if (close == std::string::npos) return false;
    std::istringstream rest(text.substr(close + 1));
    long parent = 0;
    rest >> state >> parent;
    ppid = static_cast<pid_t>(parent);
    return static_cast<bool>(rest);
}
}  // namespace

std::vector<pid_t> ItEnv::childrenOf(pid_t parent) {
    std::vector<pid_t> out;
    DIR* d = opendir("/proc");
    if (!d) return out;
    while (dirent* e = readdir(d)) {
        char* end = nullptr;
        long pid = std::strtol(e->d_name, &end, 10);
        if (pid <= 0 || *end) continue;
        char state = 0;
        pid_t ppid = 0;
        if (procStat(static_cast<pid_t>(pid), state, ppid) && ppid == parent && state != 'Z' && state != 'X')
            out.push_back(static_cast<pid_t>(pid));
    }
    closedir(d);
    return out;
}

bool ItEnv::processRunning(pid_t pid) {
    if (pid <= 0 || kill(pid, 0) != 0) return false;
    char state = 0;
    pid_t ppid = 0;
    if (!procStat(pid, state, ppid)) return false;
    return state != 'Z' && state != 'X';
}

}  // namespace ta::test
