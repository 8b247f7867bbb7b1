// X-Request-Id on every answer, one log line per request carrying it, and no
// secrets in the log.
#include "HttpClient.h"
#include "ItAssert.h"
#include "ItEnv.h"

#include <cppunit/extensions/HelperMacros.h>

#include <regex>
#include <set>
#include <sstream>

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItEnv;

class RequestLogIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RequestLogIT);
    CPPUNIT_TEST(testEveryAnswerHasADistinctRequestId);
    CPPUNIT_TEST(testEachRequestIsLoggedWithItsIdAndStatus);
    CPPUNIT_TEST(testLogNeverContainsSecrets);
    CPPUNIT_TEST_SUITE_END();

public:
    // The log line for `rid`, waiting a little since it may be written after the answer.
    static std::string logLine(const std::string& rid) {
        std::string found;
        ItEnv::poll(3, [&] {
            std::istringstream log(ItEnv::readFile(ItEnv::daemonLogPath()));
            std::string line;
            while (std::getline(log, line)) {
                size_t at = line.find("rid=" + rid);
                if (at == std::string::npos) continue;
                // rid=abc must not match rid=abcd.
                size_t end = at + 4 + rid.size();
                if (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '-'))
                    continue;
                found = line;
                return true;
            }
            return false;
        });
        return found;
    }

    void testEveryAnswerHasADistinctRequestId() {
        std::vector<HttpResponse> answers{
            http.get("/api/health"),
            http.get("/api/health", {}, "nobody.test"),
            http.postJson("/api/auth/login", "{}", {}, "nobody.test"),
            http.get("/api/users/me"),
            http.postJson("/api/auth/login", "{"),
            http.get("/api/auth/login"),
            http.get("/api/nope"),
            http.send("POST", "/api/auth/login", {{"Content-Type", "text/plain"}}, "x"),
            http.postJson("/api/auth/login", ItEnv::credentials(ItEnv::uniqueEmail(), "wrong-password")),
        };
        std::set<std::string> ids;
        for (const auto& r : answers) {
            std::string rid = r.header("X-Request-Id");
            TA_ASSERT("X-Request-Id on " + r.describe(), !rid.empty());
            ids.insert(rid);
        }
        TA_ASSERT("request ids are distinct", ids.size() == answers.size());
    }

    void testEachRequestIsLoggedWithItsIdAndStatus() {
        TA_ASSERT("TA_DAEMON_LOG is set", !ItEnv::daemonLogPath().empty());
        for (const auto& r : {http.get("/api/health"), http.get("/api/users/me"), http.get("/api/nope"),
                              http.postJson("/api/auth/login", "{", {}, "beta.test")}) {
            std::string rid = r.header("X-Request-Id");
            TA_ASSERT("X-Request-Id on " + r.describe(), !rid.empty());
            std::string line = logLine(rid);
            TA_ASSERT("a log line with rid=" + rid + " in " + ItEnv::daemonLogPath(), !line.empty());
            std::regex status("(^|[^0-9])" + std::to_string(r.status) + "([^0-9]|$)");
            TA_ASSERT("status " + std::to_string(r.status) + " in the log line: " + line, std::regex_search(line, status));
        }
    }

    void testLogNeverContainsSecrets() {
        std::vector<std::string> secrets;
        std::string password = "Sekrit-" + ItEnv::uniqueSuffix();
        std::string email = ItEnv::uniqueEmail("logsecret");
        HttpResponse reg = http.postJson("/api/auth/register", ItEnv::credentials(email, password));
        TA_ASSERT_STATUS(201, reg);
        secrets.push_back(password);
        secrets.push_back(reg.jsonString("accessToken"));
        secrets.push_back(reg.cookie("refresh_token").value);
        HttpResponse wrong = ItEnv::login(email, password + "-wrong");
        secrets.push_back(password + "-wrong");
        HttpResponse login = ItEnv::login(email, password);
        TA_ASSERT_STATUS(200, login);
        secrets.push_back(login.jsonString("accessToken"));
        secrets.push_back(login.cookie("refresh_token").value);
        HttpResponse refreshed = http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(login.cookie("refresh_token").value));
        TA_ASSERT_STATUS(200, refreshed);
        secrets.push_back(refreshed.jsonString("accessToken"));
        secrets.push_back(refreshed.cookie("refresh_token").value);
        // A reused (now invalid) refresh token and a bogus bearer are secrets too.
        http.send("POST", "/api/auth/refresh", ItEnv::refreshCookie(login.cookie("refresh_token").value));
        std::string bogus = "bogus." + ItEnv::uniqueSuffix() + ".token";
        HttpResponse last = http.get("/api/users/me", ItEnv::auth(bogus));
        secrets.push_back(bogus);
        TA_ASSERT("the last request is logged", !logLine(last.header("X-Request-Id")).empty());
        std::string log = ItEnv::readFile(ItEnv::daemonLogPath());
        for (const auto& s : secrets) {
            if (s.empty()) continue;
            TA_ASSERT("the daemon log contains a secret: " + s.substr(0, 40), log.find(s) == std::string::npos);
            // Nor a recognisable part of a token (a JWT's signature, say).
            size_t dot = s.rfind('.');
            if (dot != std::string::npos && s.size() - dot > 20) {
                std::string sig = s.substr(dot + 1);
                TA_ASSERT("the daemon log contains a token signature: " + sig, log.find(sig) == std::string::npos);
            }
        }
    }

private:
    HttpClient http;
};

CPPUNIT_TEST_SUITE_REGISTRATION(RequestLogIT);
