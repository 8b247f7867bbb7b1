// POST/GET/DELETE /api/api-keys and API keys used as Bearer credentials.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <regex>
#include <set>
#include <thread>
#include <vector>

#include "HttpClient.h"
#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItUser;

namespace {

struct CreatedKey {
    HttpResponse response;
    std::string id;
    std::string secret;
};

}  // namespace

class ApiKeysIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ApiKeysIT);
    CPPUNIT_TEST(testCreateAnswersKeyAndSecret);
    CPPUNIT_TEST(testListNewestFirstWithoutSecrets);
    CPPUNIT_TEST(testRevokeAnswersRevokedKey);
    CPPUNIT_TEST(testRevokedKeyIsRefusedAtOnce);
    CPPUNIT_TEST(testUnknownOrForeignKeyIdIs404);
    CPPUNIT_TEST(testApiKeyCannotManageApiKeys);
    CPPUNIT_TEST(testApiKeyAuthenticatesAsItsUser);
    CPPUNIT_TEST(testApiKeyCannotChangeCredentials);
    CPPUNIT_TEST(testApiKeyOfAdminReachesAdminApi);
    CPPUNIT_TEST(testApiKeyOfAnotherTenantIs401);
    CPPUNIT_TEST(testPlanCapOfFiveKeys);
    CPPUNIT_TEST(testParallelCreationHonoursCap);
    CPPUNIT_TEST(testLastUsedAtIsSetAfterUse);
    CPPUNIT_TEST(testDisabledUsersKeyIsRefused);
    CPPUNIT_TEST(testNameValidation);
    CPPUNIT_TEST(testBodyValidation);
    CPPUNIT_TEST(testWithoutOrWithBadBearer);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override { user = ItEnv::registerUser(); }

    // ---- helpers

    HttpResponse create(const std::string& token, const std::string& name,
                        const std::string& host = "alpha.test") {
        return http.postJson("/api/api-keys", "{\"name\":" + ItEnv::quote(name) + "}",
                             ItEnv::auth(token), host);
    }

    CreatedKey mustCreate(const std::string& token, const std::string& name,
                          const std::string& host = "alpha.test") {
        CreatedKey k;
        k.response = create(token, name, host);
        TA_ASSERT_STATUS(201, k.response);
        k.secret = k.response.jsonString("apiKey");
        k.id = k.response.json()->getObject("key")->getValue<std::string>("id");
        return k;
    }

    HttpResponse list(const std::string& token, const std::string& host = "alpha.test") {
        return http.get("/api/api-keys", ItEnv::auth(token), host);
    }

    HttpResponse revoke(const std::string& token, const std::string& id,
                        const std::string& host = "alpha.test") {
        return http.send("DELETE", "/api/api-keys/" + id, ItEnv::auth(token), "", host);
    }

    HttpResponse me(const std::string& token, const std::string& host = "alpha.test") {
        return http.get("/api/users/me", ItEnv::auth(token), host);
    }

    static Poco::JSON::Object::Ptr keyOf(const HttpResponse& r) {
        return r.json()->getObject("key");
    }

    static void assertKeyShape(const Poco::JSON::Object::Ptr& k, const std::string& context) {
        TA_ASSERT(
            "key members: " + context,
            (ItAdmin::names(k) == std::set<std::string>{"id", "name", "keyPrefix", "lastUsedAt",
                                                        "createdAt", "revokedAt"}));
        static const std::regex idRe("key_[0-9a-f]{24}");
        TA_ASSERT("key id format: " + context,
                  std::regex_match(k->getValue<std::string>("id"), idRe));
        TA_ASSERT("createdAt format: " + context,
                  ItAdmin::isTimestamp(k->getValue<std::string>("createdAt")));
    }

    // ---- tests

    void testCreateAnswersKeyAndSecret() {
        HttpResponse r = create(user.accessToken, "ci deploy key");
        TA_ASSERT_STATUS(201, r);
        TA_ASSERT("Content-Type: " + r.header("Content-Type"),
                  r.header("Content-Type").rfind("application/json", 0) == 0);
        TA_ASSERT("members {key, apiKey}: " + r.body,
                  (ItAdmin::names(r.json()) == std::set<std::string>{"key", "apiKey"}));
        std::string secret = r.jsonString("apiKey");
        static const std::regex secretRe("sk_[0-9a-f]{64}");
        TA_ASSERT("apiKey is sk_ + 64 lower-case hex: " + r.body,
                  std::regex_match(secret, secretRe));
        auto k = keyOf(r);
        assertKeyShape(k, r.body);
        CPPUNIT_ASSERT_EQUAL(std::string("ci deploy key"), k->getValue<std::string>("name"));
        CPPUNIT_ASSERT_EQUAL(secret.substr(0, 19), k->getValue<std::string>("keyPrefix"));
        TA_ASSERT("lastUsedAt null: " + r.body, ItAdmin::isNull(k, "lastUsedAt"));
        TA_ASSERT("revokedAt null: " + r.body, ItAdmin::isNull(k, "revokedAt"));
        // Two keys never share a secret or an id.
        CreatedKey other = mustCreate(user.accessToken, "ci deploy key");
        TA_ASSERT("distinct secrets", other.secret != secret);
        TA_ASSERT("distinct ids", other.id != k->getValue<std::string>("id"));
    }

    void testListNewestFirstWithoutSecrets() {
        TA_ASSERT_STATUS(200, list(user.accessToken));
        TA_ASSERT("empty list for a new user: " + list(user.accessToken).body,
                  list(user.accessToken).json()->getArray("keys")->size() == 0);
        std::vector<CreatedKey> made;
        for (const char* name : {"first", "second", "third"}) {
            made.push_back(mustCreate(user.accessToken, name));
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        TA_ASSERT_STATUS(200, revoke(user.accessToken, made[1].id));
        HttpResponse r = list(user.accessToken);
        TA_ASSERT_STATUS(200, r);
        TA_ASSERT("members {keys}: " + r.body,
                  (ItAdmin::names(r.json()) == std::set<std::string>{"keys"}));
        auto keys = r.json()->getArray("keys");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.body, std::size_t(3), keys->size());
        // Newest first, the revoked one included.
        CPPUNIT_ASSERT_EQUAL(made[2].id, keys->getObject(0)->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(made[1].id, keys->getObject(1)->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(made[0].id, keys->getObject(2)->getValue<std::string>("id"));
        for (std::size_t i = 0; i < keys->size(); ++i) assertKeyShape(keys->getObject(i), r.body);
        TA_ASSERT("revoked one has revokedAt: " + r.body,
                  !ItAdmin::isNull(keys->getObject(1), "revokedAt"));
        TA_ASSERT("live ones have no revokedAt: " + r.body,
                  ItAdmin::isNull(keys->getObject(0), "revokedAt") &&
                      ItAdmin::isNull(keys->getObject(2), "revokedAt"));
        CPPUNIT_ASSERT_EQUAL(made[0].secret.substr(0, 19),
                             keys->getObject(2)->getValue<std::string>("keyPrefix"));
        for (const auto& k : made) {
            TA_ASSERT("list never shows a secret: " + r.body,
                      r.body.find(k.secret) == std::string::npos);
            TA_ASSERT("list never shows a secret (beyond the prefix): " + r.body,
                      r.body.find(k.secret.substr(3, 40)) == std::string::npos);
        }
        TA_ASSERT("no apiKey member: " + r.body, r.body.find("\"apiKey\"") == std::string::npos);
        // Another user sees none of them.
        ItUser other = ItEnv::registerUser();
        HttpResponse theirs = list(other.accessToken);
        TA_ASSERT_STATUS(200, theirs);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(theirs.body, std::size_t(0),
                                     theirs.json()->getArray("keys")->size());
    }

    void testRevokeAnswersRevokedKey() {
        CreatedKey k = mustCreate(user.accessToken, "to revoke");
        HttpResponse r = revoke(user.accessToken, k.id);
        TA_ASSERT_STATUS(200, r);
        TA_ASSERT("members {key, message}: " + r.body,
                  (ItAdmin::names(r.json()) == std::set<std::string>{"key", "message"}));
        CPPUNIT_ASSERT_EQUAL(std::string("API key has been revoked and is no longer usable"),
                             r.jsonString("message"));
        auto key = keyOf(r);
        assertKeyShape(key, r.body);
        CPPUNIT_ASSERT_EQUAL(k.id, key->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("to revoke"), key->getValue<std::string>("name"));
        TA_ASSERT("revokedAt set: " + r.body,
                  !ItAdmin::isNull(key, "revokedAt") &&
                      ItAdmin::isTimestamp(key->getValue<std::string>("revokedAt")));
        // A second revoke neither fails the server nor brings it back.
        HttpResponse again = revoke(user.accessToken, k.id);
        TA_ASSERT("second revoke is 200 or 404: " + again.describe(),
                  again.status == 200 || again.status == 404);
        TA_ASSERT_ERROR(401, "Unauthorized", me(k.secret));
    }

    void testRevokedKeyIsRefusedAtOnce() {
        CreatedKey k = mustCreate(user.accessToken, "short lived");
        for (int i = 0; i < 4; ++i) TA_ASSERT_STATUS(200, me(k.secret));
        TA_ASSERT_STATUS(200, revoke(user.accessToken, k.id));
        // Every worker process must refuse it on the very next request.
        for (int i = 0; i < 10; ++i) TA_ASSERT_ERROR(401, "Unauthorized", me(k.secret));
        TA_ASSERT_ERROR(401, "Unauthorized: Invalid token",
                        http.get("/api/v1/users/whoami", ItEnv::auth(k.secret)));
        // The user's JWT is unaffected.
        TA_ASSERT_STATUS(200, me(user.accessToken));
    }

    void testUnknownOrForeignKeyIdIs404() {
        CreatedKey mine = mustCreate(user.accessToken, "mine");
        ItUser other = ItEnv::registerUser();
        CreatedKey theirs = mustCreate(other.accessToken, "theirs");
        ItUser beta = ItEnv::registerUser("beta.test");
        CreatedKey betaKey = mustCreate(beta.accessToken, "beta's", "beta.test");
        for (const std::string& id : std::vector<std::string>{
                 std::string("key_zzz"), std::string("key_") + std::string(24, '0'),
                 ItAdmin::urlEncode("1' OR '1'='1"), ItAdmin::urlEncode("key_' OR 1=1--"),
                 std::string("key_%20"), std::string(300, 'k'), theirs.id, betaKey.id,
                 mine.id.substr(0, 20), "KEY_" + mine.id.substr(4)}) {
            TA_ASSERT_ERROR(404, "API key not found", revoke(user.accessToken, id));
        }
        // Nothing was revoked by those attempts.
        TA_ASSERT_STATUS(200, me(mine.secret));
        TA_ASSERT_STATUS(200, me(theirs.secret));
        TA_ASSERT_STATUS(200, me(betaKey.secret, "beta.test"));
        HttpResponse l = list(other.accessToken);
        TA_ASSERT("other user's key still live: " + l.body,
                  ItAdmin::isNull(l.json()->getArray("keys")->getObject(0), "revokedAt"));
    }

    void testApiKeyCannotManageApiKeys() {
        CreatedKey k = mustCreate(user.accessToken, "no meta");
        TA_ASSERT_ERROR(403, "API keys cannot manage API keys", create(k.secret, "child"));
        TA_ASSERT_ERROR(403, "API keys cannot manage API keys", list(k.secret));
        TA_ASSERT_ERROR(403, "API keys cannot manage API keys", revoke(k.secret, k.id));
        // Still live, and no child key was made.
        TA_ASSERT_STATUS(200, me(k.secret));
        HttpResponse l = list(user.accessToken);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(l.body, std::size_t(1), l.json()->getArray("keys")->size());
    }

    void testApiKeyAuthenticatesAsItsUser() {
        CreatedKey k = mustCreate(user.accessToken, "reader");
        HttpResponse byJwt = me(user.accessToken);
        HttpResponse byKey = me(k.secret);
        TA_ASSERT_STATUS(200, byKey);
        auto u = byKey.json()->getObject("user");
        CPPUNIT_ASSERT_EQUAL(user.id, u->getValue<std::string>("id"));
        CPPUNIT_ASSERT_EQUAL(user.email, u->getValue<std::string>("email"));
        CPPUNIT_ASSERT_EQUAL(ItAdmin::stringify(byJwt.json()->getObject("user")),
                             ItAdmin::stringify(u));

        HttpResponse whoami = http.get("/api/v1/users/whoami", ItEnv::auth(k.secret));
        TA_ASSERT_STATUS(200, whoami);
        CPPUNIT_ASSERT_EQUAL(user.id, whoami.jsonString("id"));
        CPPUNIT_ASSERT_EQUAL(user.email, whoami.jsonString("email"));
        CPPUNIT_ASSERT_EQUAL(std::string("USER"), whoami.jsonString("authority"));

        HttpResponse status = http.get("/api/v1/users/2fa/status", ItEnv::auth(k.secret));
        TA_ASSERT_STATUS(200, status);
        TA_ASSERT(
            "twofa_enabled false: " + status.body,
            status.json()->has("twofa_enabled") && !status.json()->getValue<bool>("twofa_enabled"));
    }

    void testApiKeyCannotChangeCredentials() {
        // An ADMIN, who could set up 2FA with a token, cannot with a key.
        ItUser admin = ItAdmin::userWith("ADMIN");
        CreatedKey k = mustCreate(admin.accessToken, "admin key");
        auto v1 = [&](const std::string& path, const std::string& body) {
            return http.postJson(path, body, ItEnv::auth(k.secret));
        };
        TA_ASSERT_ERROR(403, "API keys cannot change credentials",
                        v1("/api/v1/users/2fa/setup", "{}"));
        TA_ASSERT_ERROR(403, "API keys cannot change credentials",
                        v1("/api/v1/users/2fa/verify", "{\"totpToken\":\"123456\"}"));
        TA_ASSERT_ERROR(
            403, "API keys cannot change credentials",
            v1("/api/v1/users/2fa/disable",
               "{\"password\":" + ItEnv::quote(admin.password) + ",\"totpToken\":\"123456\"}"));
        HttpResponse setup = http.send("POST", "/api/v1/users/2fa/setup", ItEnv::auth(k.secret));
        TA_ASSERT_ERROR(403, "API keys cannot change credentials", setup);
        // The same user with the access token may.
        TA_ASSERT_STATUS(
            200, http.postJson("/api/v1/users/2fa/setup", "{}", ItEnv::auth(admin.accessToken)));
        HttpResponse st = http.get("/api/v1/users/2fa/status", ItEnv::auth(k.secret));
        TA_ASSERT_STATUS(200, st);
        TA_ASSERT("2FA still off: " + st.body, !st.json()->getValue<bool>("twofa_enabled"));
    }

    void testApiKeyOfAdminReachesAdminApi() {
        ItUser admin = ItAdmin::userWith("ADMIN");
        CreatedKey k = mustCreate(admin.accessToken, "admin automation");
        HttpResponse plans = http.get("/api/admin/plans", ItEnv::auth(k.secret));
        TA_ASSERT_STATUS(200, plans);
        TA_ASSERT("plans listed: " + plans.body, plans.json()->getArray("plans")->size() >= 1);
        TA_ASSERT_STATUS(200, http.get("/api/admin/users?limit=1", ItEnv::auth(k.secret)));
        // A USER's key is not an admin credential.
        CreatedKey userKey = mustCreate(user.accessToken, "user automation");
        TA_ASSERT_ERROR(403, "Admin privileges required",
                        http.get("/api/admin/plans", ItEnv::auth(userKey.secret)));
        // Demoting the owner takes the admin power away from the key too.
        TA_ASSERT_STATUS(
            200, ItAdmin::patchUser(admin.id, "{\"authority\":\"USER\"}", ItAdmin::token()));
        for (int i = 0; i < 4; ++i)
            TA_ASSERT_ERROR(403, "Admin privileges required",
                            http.get("/api/admin/plans", ItEnv::auth(k.secret)));
    }

    void testApiKeyOfAnotherTenantIs401() {
        CreatedKey alphaKey = mustCreate(user.accessToken, "alpha key");
        TA_ASSERT_STATUS(200, me(alphaKey.secret, "alpha.test"));
        for (int i = 0; i < 4; ++i)
            TA_ASSERT_ERROR(401, "Unauthorized", me(alphaKey.secret, "beta.test"));
        ItUser beta = ItEnv::registerUser("beta.test");
        CreatedKey betaKey = mustCreate(beta.accessToken, "beta key", "beta.test");
        TA_ASSERT_STATUS(200, me(betaKey.secret, "beta.test"));
        TA_ASSERT_ERROR(401, "Unauthorized", me(betaKey.secret, "alpha.test"));
        TA_ASSERT_ERROR(
            401, "Unauthorized: Invalid token",
            http.get("/api/v1/users/whoami", ItEnv::auth(betaKey.secret), "alpha.test"));
        // An alpha JWT cannot list or revoke at beta either.
        TA_ASSERT_ERROR(401, "Unauthorized", revoke(user.accessToken, betaKey.id, "beta.test"));
        TA_ASSERT_STATUS(200, me(betaKey.secret, "beta.test"));
    }

    void testPlanCapOfFiveKeys() {
        std::vector<CreatedKey> made;
        for (int i = 0; i < 5; ++i)
            made.push_back(mustCreate(user.accessToken, "k" + std::to_string(i)));
        TA_ASSERT_ERROR(403, "You have reached the maximum number of API keys (5) for your plan",
                        create(user.accessToken, "one too many"));
        HttpResponse l = list(user.accessToken);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(l.body, std::size_t(5), l.json()->getArray("keys")->size());
        TA_ASSERT_STATUS(200, revoke(user.accessToken, made[2].id));
        CreatedKey again = mustCreate(user.accessToken, "replacement");
        TA_ASSERT_STATUS(200, me(again.secret));
        TA_ASSERT_ERROR(403, "You have reached the maximum number of API keys (5) for your plan",
                        create(user.accessToken, "one too many again"));
        // Revoked keys are listed but do not count.
        HttpResponse l2 = list(user.accessToken);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(l2.body, std::size_t(6), l2.json()->getArray("keys")->size());
    }

    void testParallelCreationHonoursCap() {
        std::atomic<int> created{0}, refused{0}, other{0};
        std::vector<std::thread> threads;
        std::string token = user.accessToken;
        std::vector<std::string> oddities(10);
        for (int i = 0; i < 10; ++i) {
            threads.emplace_back([&, i] {
                try {
                    HttpResponse r = HttpClient().postJson(
                        "/api/api-keys", "{\"name\":\"parallel " + std::to_string(i) + "\"}",
                        ItEnv::auth(token));
                    if (r.status == 201)
                        ++created;
                    else if (r.status == 403 && r.errorMessage() ==
                                                    "You have reached the maximum number of API "
                                                    "keys (5) for your plan")
                        ++refused;
                    else {
                        ++other;
                        oddities[i] = r.describe();
                    }
                } catch (const std::exception& e) {
                    ++other;
                    oddities[i] = e.what();
                }
            });
        }
        for (auto& t : threads) t.join();
        std::string odd;
        for (const auto& o : oddities)
            if (!o.empty()) odd += o + "; ";
        TA_ASSERT("unexpected answers: " + odd, other == 0);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("keys created by 10 parallel requests", 5, created.load());
        CPPUNIT_ASSERT_EQUAL_MESSAGE("requests refused", 5, refused.load());
        HttpResponse l = list(user.accessToken);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(l.body, std::size_t(5), l.json()->getArray("keys")->size());
    }

    void testLastUsedAtIsSetAfterUse() {
        CreatedKey k = mustCreate(user.accessToken, "used");
        CreatedKey unused = mustCreate(user.accessToken, "unused");
        TA_ASSERT_STATUS(200, me(k.secret));
        std::string body;
        bool seen = ItEnv::poll(3.0, [&] {
            HttpResponse l = list(user.accessToken);
            body = l.body;
            auto keys = l.json()->getArray("keys");
            for (std::size_t i = 0; i < keys->size(); ++i) {
                auto o = keys->getObject(i);
                if (o->getValue<std::string>("id") == k.id && !o->isNull("lastUsedAt"))
                    return ItAdmin::isTimestamp(o->getValue<std::string>("lastUsedAt"));
            }
            return false;
        });
        TA_ASSERT("lastUsedAt set after use: " + body, seen);
        HttpResponse l = list(user.accessToken);
        auto keys = l.json()->getArray("keys");
        for (std::size_t i = 0; i < keys->size(); ++i) {
            auto o = keys->getObject(i);
            if (o->getValue<std::string>("id") == unused.id)
                TA_ASSERT("unused key has no lastUsedAt: " + l.body, o->isNull("lastUsedAt"));
            else
                TA_ASSERT("lastUsedAt not before createdAt: " + l.body,
                          o->getValue<std::string>("lastUsedAt") >=
                              o->getValue<std::string>("createdAt"));
        }
    }

    void testDisabledUsersKeyIsRefused() {
        CreatedKey k = mustCreate(user.accessToken, "doomed");
        TA_ASSERT_STATUS(200, me(k.secret));
        HttpResponse p = ItAdmin::patchUser(user.id, "{\"disabled\":true}", ItAdmin::token());
        TA_ASSERT_STATUS(200, p);
        for (int i = 0; i < 10; ++i) TA_ASSERT_ERROR(401, "Unauthorized", me(k.secret));
        TA_ASSERT_ERROR(401, "Unauthorized: Invalid token",
                        http.get("/api/v1/users/whoami", ItEnv::auth(k.secret)));
        // Re-enabling the user does not bring a revoked key back.
        TA_ASSERT_STATUS(200,
                         ItAdmin::patchUser(user.id, "{\"disabled\":false}", ItAdmin::token()));
        for (int i = 0; i < 4; ++i) TA_ASSERT_ERROR(401, "Unauthorized", me(k.secret));
    }

    void testNameValidation() {
        for (const std::string& body : std::vector<std::string>{
                 std::string("{}"), std::string("{\"name\":\"\"}"), std::string("{\"name\":5}"),
                 std::string("{\"name\":null}"), std::string("{\"name\":[\"x\"]}"),
                 std::string("{\"name\":{}}"), std::string("{\"name\":true}"),
                 "{\"name\":" + ItEnv::quote(std::string(101, 'n')) + "}"}) {
            HttpResponse r = http.postJson("/api/api-keys", body, ItEnv::auth(user.accessToken));
            TA_ASSERT_STATUS(400, r);
            TA_ASSERT("error names the field for " + body + ": " + r.describe(),
                      r.errorMessage().find("name") != std::string::npos);
        }
        // 100 bytes is the limit, counted in bytes (50 two-byte characters).
        HttpResponse hundred = create(user.accessToken, std::string(100, 'n'));
        TA_ASSERT_STATUS(201, hundred);
        CPPUNIT_ASSERT_EQUAL(std::string(100, 'n'), keyOf(hundred)->getValue<std::string>("name"));
        std::string e50;
        for (int i = 0; i < 50; ++i) e50 += "\xc3\xa9";
        HttpResponse utf8 = create(user.accessToken, e50);
        TA_ASSERT_STATUS(201, utf8);
        CPPUNIT_ASSERT_EQUAL(e50, keyOf(utf8)->getValue<std::string>("name"));
        HttpResponse over = create(user.accessToken, e50 + "e");
        TA_ASSERT_STATUS(400, over);
        // Names are data, not markup or SQL.
        std::string odd = "x'); DROP TABLE api_keys;-- <b>\"";
        HttpResponse weird = create(user.accessToken, odd);
        TA_ASSERT_STATUS(201, weird);
        CPPUNIT_ASSERT_EQUAL(odd, keyOf(weird)->getValue<std::string>("name"));
        // A NUL or invalid UTF-8 in the name is bad input, not a server error.
        for (const std::string& body : std::vector<std::string>{
                 "{\"name\":\"a\\u0000b\"}", "{\"name\":\"\xff\xfe\"}", "{\"name\":\"\\ud800\"}"}) {
            HttpResponse r = http.postJson("/api/api-keys", body, ItEnv::auth(user.accessToken));
            TA_ASSERT("400 for " + body + ": " + r.describe(), r.status == 400);
        }
        HttpResponse l = list(user.accessToken);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(l.body, std::size_t(3), l.json()->getArray("keys")->size());
    }

    void testBodyValidation() {
        auto post = [&](const std::string& body) {
            return http.postJson("/api/api-keys", body, ItEnv::auth(user.accessToken));
        };
        TA_ASSERT_ERROR(400, "scope is not a known field",
                        post("{\"name\":\"x\",\"scope\":\"all\"}"));
        TA_ASSERT_ERROR(400, "userId is not a known field",
                        post("{\"name\":\"x\",\"userId\":" + ItEnv::quote(user.id) + "}"));
        TA_ASSERT_ERROR(400, "Request body must be a JSON object", post("[]"));
        TA_ASSERT_ERROR(400, "Request body must be a JSON object", post("\"name\""));
        HttpResponse malformed = post("{\"name\":");
        TA_ASSERT_STATUS(400, malformed);
        TA_ASSERT_STATUS(400, post(""));
        HttpResponse wrongType = http.send(
            "POST", "/api/api-keys",
            {{"Authorization", ItEnv::bearer(user.accessToken)}, {"Content-Type", "text/plain"}},
            "{\"name\":\"x\"}");
        TA_ASSERT_STATUS(415, wrongType);
        HttpResponse l = list(user.accessToken);
        CPPUNIT_ASSERT_EQUAL_MESSAGE("no key made by bad requests: " + l.body, std::size_t(0),
                                     l.json()->getArray("keys")->size());
    }

    void testWithoutOrWithBadBearer() {
        TA_ASSERT_ERROR(401, "Unauthorized", http.postJson("/api/api-keys", "{\"name\":\"x\"}"));
        TA_ASSERT_ERROR(401, "Unauthorized", http.get("/api/api-keys"));
        TA_ASSERT_ERROR(401, "Unauthorized",
                        http.send("DELETE", "/api/api-keys/key_" + std::string(24, 'a')));
        CreatedKey k = mustCreate(user.accessToken, "real");
        std::string forged = k.secret;
        forged.back() = forged.back() == '0' ? '1' : '0';
        for (const std::string& bad : std::vector<std::string>{
                 "sk_" + std::string(64, '0'), forged, k.secret.substr(0, 19), k.secret + "0",
                 "SK_" + k.secret.substr(3),
                 k.response.json()->getObject("key")->getValue<std::string>("id")}) {
            TA_ASSERT_ERROR(401, "Unauthorized", me(bad));
            TA_ASSERT_ERROR(401, "Unauthorized", list(bad));
        }
        TA_ASSERT_STATUS(200, me(k.secret));
    }

private:
    HttpClient http;
    ItUser user;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ApiKeysIT);
