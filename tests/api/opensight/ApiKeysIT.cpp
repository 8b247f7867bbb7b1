// POST/GET/DELETE /api/api-keys: creating, listing and revoking keys, the plan's cap, validation.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <regex>
#include <set>
#include <thread>
#include <vector>

#include "ApiKeyFixture.h"

using ta::test::ApiKeyFixture;
using ta::test::CreatedKey;
using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItUser;

class ApiKeysIT : public ApiKeyFixture {
    CPPUNIT_TEST_SUITE(ApiKeysIT);
    CPPUNIT_TEST(testCreateAnswersKeyAndSecret);
    CPPUNIT_TEST(testListNewestFirstWithoutSecrets);
    CPPUNIT_TEST(testRevokeAnswersRevokedKey);
    CPPUNIT_TEST(testUnknownOrForeignKeyIdIs404);
    CPPUNIT_TEST(testPlanCapOfFiveKeys);
    CPPUNIT_TEST(testParallelCreationHonoursCap);
    CPPUNIT_TEST(testNameValidation);
    CPPUNIT_TEST(testBodyValidation);
    CPPUNIT_TEST_SUITE_END();

public:
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
};

CPPUNIT_TEST_SUITE_REGISTRATION(ApiKeysIT);
