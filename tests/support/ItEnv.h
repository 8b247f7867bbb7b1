// What the integration tests know about the running stack, from the environment set
// by tests/run:
//   TA_BASE_URL          web server in front of tenantauthd (http://127.0.0.1:PORT)
//   TA_FRONT             lighttpd | apache
//   TA_DSN               libpq conninfo of the test database
//   TA_CTL               command prefix running tenantauthctl with the stack's config
//   TA_DAEMON_PID_FILE   pid file of the tenantauthd master process
//   TA_DAEMON_LOG        tenantauthd's log (stderr)
//   TA_STATE_DIR         the stack directory (scripts/stack.sh state)
//   TA_STACK_SH          path of scripts/stack.sh (for stopping/starting PostgreSQL)
//   TA_ADMIN_PASSWORD    password of admin@alpha.test / admin@beta.test
//   TA_AUTHORIZER_ADDR   tenantauthd's authorizer-listen (127.0.0.1:PORT)
//   TA_DAEMON_ADDR       tenantauthd's own FastCGI listener (127.0.0.1:PORT)
//   TA_BASE_URL2         lighttpd in front of a second daemon (same database)
//   TA_DAEMON2_ADDR      that second daemon's FastCGI listener (metrics-allow 192.0.2.0/24)
//   TA_C2_DSN            a second PostgreSQL cluster (TenantMoveIT), with
//   TA_C2_CTL            tenantauthctl for it (its own secret key file) and
//   TA_C2_BASE_URL       lighttpd in front of a daemon on it
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "HttpClient.h"
#include "ItProcessResult.h"
#include "ItUser.h"

namespace ta::test {

class ItEnv {
public:
    static std::string var(const std::string& name, const std::string& fallback = "");
    static std::string front();
    static std::string daemonLogPath();
    static std::string stateDir();

    // Runs `sh -c command` with `stdinText` on stdin; captures both outputs.
    static ItProcessResult run(const std::string& command, const std::string& stdinText = "");
    // Runs "$TA_CTL args".
    static ItProcessResult ctl(const std::string& args, const std::string& stdinText = "");
    // Runs a scripts/stack.sh function on the stack dir, e.g. stack("stack_pg_stop").
    static ItProcessResult stack(const std::string& function);

    // Unique per process and call (both web-server runs share one database).
    static std::string uniqueSuffix();
    static std::string uniqueEmail(const std::string& prefix = "user");
    // A valid tenant slug: prefix + '_' + unique lower-case alphanumerics.
    static std::string uniqueSlug(const std::string& prefix = "t");
    static std::string password();

    // JSON string literal (quoted, escaped).
    static std::string quote(const std::string& text);
    // {"email": ..., "password": ...} (values quoted).
    static std::string credentials(const std::string& email, const std::string& password);
    static std::string bearer(const std::string& token);
    // Authorization header list.
    static HttpClient::Headers auth(const std::string& token);
    static HttpClient::Headers refreshCookie(const std::string& refreshToken);

    // POST /api/auth/register with a fresh email; fails (std::runtime_error) unless 201.
    static ItUser registerUser(const std::string& host = "alpha.test",
                               const HttpClient& client = HttpClient());
    static HttpResponse login(const std::string& email, const std::string& password,
                              const std::string& host = "alpha.test",
                              const HttpClient& client = HttpClient());
    // login() that must succeed, as an ItUser.
    static ItUser loginUser(const std::string& email, const std::string& password,
                            const std::string& host = "alpha.test",
                            const HttpClient& client = HttpClient());

    // The daemon's master pid (from TA_DAEMON_PID_FILE), 0 when unknown.
    static pid_t daemonPid();
    static std::vector<pid_t> childrenOf(pid_t parent);
    // Alive and not a zombie.
    static bool processRunning(pid_t pid);
    static std::string readFile(const std::string& path);

    // Polls `check` every 100 ms for up to `seconds`; true when it returned true.
    template <typename F>
    static bool poll(double seconds, F check);
};

}  // namespace ta::test

#include <chrono>
#include <thread>

template <typename F>
bool ta::test::ItEnv::poll(double seconds, F check) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (true) {
        try {
            if (check()) return true;
        } catch (const std::exception&) {
            // An answer-less moment (restart, respawn) is just "not yet".
        }
        if (std::chrono::steady_clock::now() >= deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
}
