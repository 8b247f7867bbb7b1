// API keys used as Bearer credentials: who they authenticate, where they are refused,
// revocation and disabling at once, lastUsedAt.
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

class ApiKeyBearerIT : public ApiKeyFixture {
    CPPUNIT_TEST_SUITE(ApiKeyBearerIT);
    CPPUNIT_TEST(testRevokedKeyIsRefusedAtOnce);
    CPPUNIT_TEST(testApiKeyCannotManageApiKeys);
    CPPUNIT_TEST(testApiKeyAuthenticatesAsItsUser);
    CPPUNIT_TEST(testApiKeyCannotChangeCredentials);
    CPPUNIT_TEST(testApiKeyOfAdminReachesAdminApi);
    CPPUNIT_TEST(testApiKeyOfAnotherTenantIs401);
    CPPUNIT_TEST(testLastUsedAtIsSetAfterUse);
    CPPUNIT_TEST(testDisabledUsersKeyIsRefused);
    CPPUNIT_TEST(testWithoutOrWithBadBearer);
    CPPUNIT_TEST_SUITE_END();

public:
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
};

CPPUNIT_TEST_SUITE_REGISTRATION(ApiKeyBearerIT);
