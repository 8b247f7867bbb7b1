// Shared by the OAuth integration suites: this process's tenants pointed at the fake
// GitHub and Google (tests/fakes/oauth_provider.py, $TA_FAKE_OAUTH_URL), and a
// browser that walks the authorization-code flow through the web server and the fake.
#pragma once

#include <Poco/URI.h>

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

#include "HttpClient.h"
#include "HttpResponse.h"
#include "ItAdmin.h"
#include "ItEnv.h"
#include "ItTenant.h"

namespace ta::test {

struct OAuthTenant {
    std::string slug;
    std::string host;
    std::string adminToken;  // fresh when made; see freshAdminToken()
    std::string adminEmail;
    std::string adminPassword;
    std::string freshAdminToken() const {
        return ItEnv::loginUser(adminEmail, adminPassword, host).accessToken;
    }
    std::string successUrl;  // urls.oauthSuccess, "" when unset
};

// One step of the flow as a browser sees it.
struct OAuthFlow {
    HttpResponse start;      // GET /api/auth/{provider}
    std::string cookie;      // the state cookie's value
    std::string state;       // as sent to the provider
    std::string challenge;   // code_challenge sent to the provider
    HttpResponse authorize;  // the fake's 302 back
    std::string callbackPath;
    HttpResponse callback;  // GET /api/auth/{provider}/callback
};

class OAuth {
public:
    static std::string fakeUrl() {
        std::string u = ItEnv::var("TA_FAKE_OAUTH_URL");
        if (u.empty()) throw std::runtime_error("TA_FAKE_OAUTH_URL is not set (tests/run sets it)");
        return u;
    }
    static std::string clientId(const std::string& provider, const OAuthTenant& t) {
        return provider + "-" + t.slug;
    }

    // Tenants made once per process: "plain" (JSON answers), "redirect" (urls.oauthSuccess
    // set), "down" (every provider URL on a closed port), "tls" (GitHub at the fake's
    // https port with a self-signed certificate, Google on http:// to a remote address).
    static const OAuthTenant& tenant(const std::string& kind) {
        static std::mutex m;
        static std::map<std::string, OAuthTenant> made;
        std::lock_guard<std::mutex> lock(m);
        if (made.empty()) makeAll(made);
        return made.at(kind);
    }

    // GET /api/auth/{provider} on the tenant's host.
    static HttpResponse startAt(const std::string& provider, const OAuthTenant& t) {
        return HttpClient().get("/api/auth/" + provider, {}, t.host);
    }

    static std::string queryParam(const std::string& url, const std::string& name) {
        for (const auto& [k, v] : Poco::URI(url).getQueryParameters())
            if (k == name) return v;
        return "";
    }

    // The whole flow: start, the fake's authorize (with the test's `fakeParams`, e.g.
    // "fake_id=1&fake_email=a@b"), and the callback with the state cookie. `tamper`
    // may change the authorize URL before the browser follows it.
    template <typename Tamper>
    static OAuthFlow run(const std::string& provider, const OAuthTenant& t,
                         const std::string& fakeParams, Tamper tamper) {
        OAuthFlow f;
        f.start = startAt(provider, t);
        if (f.start.status != 302) throw std::runtime_error("start: " + f.start.describe());
        f.cookie = f.start.cookie("oauth_state_" + provider).value;
        std::string location = f.start.header("Location");
        f.state = queryParam(location, "state");
        f.challenge = queryParam(location, "code_challenge");
        location = tamper(location) + "&" + fakeParams;
        f.authorize = fetch(location);
        if (f.authorize.status != 302)
            throw std::runtime_error("fake authorize: " + f.authorize.describe());
        f.callbackPath = Poco::URI(f.authorize.header("Location")).getPathEtc();
        f.callback = callback(f.callbackPath, t, "oauth_state_" + provider + "=" + f.cookie);
        return f;
    }
    static OAuthFlow run(const std::string& provider, const OAuthTenant& t,
                         const std::string& fakeParams) {
        return run(provider, t, fakeParams, [](const std::string& s) { return s; });
    }

    static HttpResponse callback(const std::string& pathAndQuery, const OAuthTenant& t,
                                 const std::string& cookieHeader) {
        HttpClient::Headers h;
        if (!cookieHeader.empty()) h.emplace_back("Cookie", cookieHeader);
        return HttpClient().get(pathAndQuery, h, t.host);
    }

    // GET an absolute URL of the fake.
    static HttpResponse fetch(const std::string& url) {
        Poco::URI u(url);
        std::string base = u.getScheme() + "://" + u.getHost() + ":" + std::to_string(u.getPort());
        return HttpClient(base, u.getHost()).get(u.getPathEtc());
    }

    // A code the fake issues without going through tenantauth (what a front end or the
    // STATUS client gets on its own).
    static std::string codeFromFake(const std::string& provider, const OAuthTenant& t,
                                    const std::string& redirectUri, const std::string& fakeParams) {
        std::string path = provider == "github" ? "/github/login/oauth/authorize" : "/google/auth";
        HttpResponse r =
            fetch(fakeUrl() + path + "?client_id=" + clientId(provider, t) +
                  "&redirect_uri=" + ItAdmin::urlEncode(redirectUri) + "&" + fakeParams);
        if (r.status != 302) throw std::runtime_error("fake authorize: " + r.describe());
        return queryParam(r.header("Location"), "code");
    }

    static std::string fakeParams(const std::string& id, const std::string& email,
                                  bool verified = true, const std::string& mode = "") {
        return "fake_id=" + id + "&fake_email=" + ItAdmin::urlEncode(email) +
               "&fake_verified=" + (verified ? "1" : "0") + "&fake_name=Fake%20Person" +
               (mode.empty() ? "" : "&fake_mode=" + mode);
    }
    // A provider user id no other test uses.
    static std::string uniqueId() {
        static std::mutex m;
        static long n = 0;
        std::lock_guard<std::mutex> lock(m);
        auto now = std::chrono::system_clock::now().time_since_epoch();
        return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count() %
                              100000000000L) +
               std::to_string(100 + (++n % 900));
    }

    static std::string sql(const OAuthTenant& t, const std::string& query) {
        std::string q = query;
        for (size_t p; (p = q.find("{s}")) != std::string::npos;)
            q.replace(p, 3, "tenant_" + t.slug);
        std::string out = ItAdmin::psql(q);
        while (!out.empty() && out.back() == '\n') out.pop_back();
        return out;
    }
    static std::string usersWithEmail(const OAuthTenant& t, const std::string& email) {
        return sql(t, "SELECT count(*) FROM {s}.users WHERE lower(email) = lower('" + email + "')");
    }

private:
    static std::string providerSettings(const std::string& githubBase,
                                        const std::string& googleBase,
                                        const std::string& redirectBase, const std::string& slug) {
        const std::string& gh = githubBase;
        const std::string& gg = googleBase;
        return "\"github\": {\"clientId\": \"github-" + slug + "\", \"redirectUri\": \"" +
               redirectBase + "/api/auth/github/callback\", \"authorizeUrl\": \"" + gh +
               "/github/login/oauth/authorize\", \"tokenUrl\": \"" + gh +
               "/github/login/oauth/access_token\", \"apiUrl\": \"" + gh +
               "/github/api\"}, \"google\": {\"clientId\": \"google-" + slug +
               "\", \"redirectUri\": \"" + redirectBase +
               "/api/auth/google/callback\", \"authorizeUrl\": \"" + gg +
               "/google/auth\", \"tokenUrl\": \"" + gg + "/google/token\", \"userinfoUrl\": \"" +
               gg + "/google/userinfo\"}";
    }

    static void makeAll(std::map<std::string, OAuthTenant>& made) {
        const std::string fake = fakeUrl();
        const std::string front = ItEnv::var("TA_BASE_URL");
        for (const char* kind : {"plain", "redirect", "down", "tls"}) {
            OAuthTenant t;
            // The fake authorizes every client; the secret it wants is "secret-<clientId>".
            ItTenant made_ = ItTenant::create(std::string("oa") + kind[0], "{}");
            t.slug = made_.slug;
            t.host = made_.host;
            t.adminToken = made_.adminToken();
            t.adminEmail = made_.adminEmail;
            t.adminPassword = made_.adminPassword;
            t.successUrl =
                std::string(kind) == "redirect" ? "https://app.example/welcome?from=oauth" : "";
            std::string gh = fake, gg = fake;
            if (std::string(kind) == "down") gh = gg = "http://127.0.0.1:1";
            // GitHub behind a self-signed certificate; Google on plain http, not loopback.
            if (std::string(kind) == "tls") {
                gh = ItEnv::var("TA_FAKE_OAUTH_TLS_URL");
                gg = "http://192.0.2.1";
            }
            std::string body = "{\"twofaSetup\": \"ALL\", \"urls\": {\"oauthSuccess\": \"" +
                               t.successUrl + "\"}, " + providerSettings(gh, gg, front, t.slug) +
                               "}";
            HttpResponse r =
                ItAdmin::json("PATCH", "/api/admin/settings", body, t.adminToken, t.host);
            if (r.status != 200) throw std::runtime_error("PATCH settings: " + r.describe());
            std::string secrets = "{\"github\": {\"clientSecret\": \"secret-github-" + t.slug +
                                  "\"}, \"google\": {\"clientSecret\": \"secret-google-" + t.slug +
                                  "\"}}";
            r = ItAdmin::json("PATCH", "/api/admin/settings", secrets, t.adminToken, t.host);
            if (r.status != 200) throw std::runtime_error("PATCH secrets: " + r.describe());
            made[kind] = t;
        }
        // Every worker of every daemon reloads changed tenants within ~2 s.
        std::this_thread::sleep_for(std::chrono::milliseconds(5500));
    }
};

}  // namespace ta::test
