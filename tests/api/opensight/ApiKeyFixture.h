// Shared by ApiKeysIT (managing keys) and ApiKeyBearerIT (using them): a fresh user per
// test and the key routes as one-line calls.
#pragma once

#include <cppunit/extensions/HelperMacros.h>

#include <regex>
#include <set>

#include "HttpClient.h"
#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"

namespace ta::test {

struct CreatedKey {
    HttpResponse response;
    std::string id;
    std::string secret;
};

class ApiKeyFixture : public CppUnit::TestFixture {
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

protected:
    HttpClient http;
    ItUser user;
};

}  // namespace ta::test
