#include <cppunit/extensions/HelperMacros.h>

#include "token/Jwt.h"
#include "util/Base64Url.h"
#include "util/Digest.h"

using ta::token::Jwt;

class JwtTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(JwtTest);
    CPPUNIT_TEST(roundTrip);
    CPPUNIT_TEST(tamperedPayloadRejected);
    CPPUNIT_TEST(wrongKeyRejected);
    CPPUNIT_TEST(algNoneRejected);
    CPPUNIT_TEST(hs512Rejected);
    CPPUNIT_TEST(unknownKidRejected);
    CPPUNIT_TEST(garbageRejected);
    CPPUNIT_TEST_SUITE_END();

    const std::string key = std::string(32, 'k');
    Jwt::KeyLookup lookup = [this](const std::string& kid) -> const std::string* {
        return kid == "k1" ? &key : nullptr;
    };

    std::string token() {
        Poco::JSON::Object claims;
        claims.set("sub", std::string("u1"));
        claims.set("exp", Poco::Int64(2000000000));
        return Jwt::signHs256("k1", key, claims);
    }

    static std::string part(const std::string& t, int i) {
        size_t a = 0;
        for (int n = 0; n < i; ++n) a = t.find('.', a) + 1;
        size_t b = t.find('.', a);
        return t.substr(a, b == std::string::npos ? std::string::npos : b - a);
    }

public:
    void roundTrip() {
        auto payload = Jwt::verifyHs256(token(), lookup);
        CPPUNIT_ASSERT(payload);
        CPPUNIT_ASSERT_EQUAL(std::string("u1"), payload->getValue<std::string>("sub"));
        auto header = ta::util::Base64Url::decode(part(token(), 0));
        CPPUNIT_ASSERT(header->find("\"kid\":\"k1\"") != std::string::npos);
        CPPUNIT_ASSERT(header->find("\"alg\":\"HS256\"") != std::string::npos);
    }

    void tamperedPayloadRejected() {
        std::string t = token();
        std::string forged = ta::util::Base64Url::encode("{\"sub\":\"admin\",\"exp\":2000000000}");
        std::string bad = part(t, 0) + "." + forged + "." + part(t, 2);
        CPPUNIT_ASSERT(!Jwt::verifyHs256(bad, lookup));
        std::string flipped = t;
        flipped[part(t, 0).size() + 3] ^= 1;
        CPPUNIT_ASSERT(!Jwt::verifyHs256(flipped, lookup));
    }

    void wrongKeyRejected() {
        Poco::JSON::Object claims;
        claims.set("sub", std::string("u1"));
        std::string other = Jwt::signHs256("k1", std::string(32, 'x'), claims);
        CPPUNIT_ASSERT(!Jwt::verifyHs256(other, lookup));
    }

    void algNoneRejected() {
        std::string h = ta::util::Base64Url::encode("{\"alg\":\"none\",\"kid\":\"k1\",\"typ\":\"JWT\"}");
        std::string p = ta::util::Base64Url::encode("{\"sub\":\"u1\",\"exp\":2000000000}");
        CPPUNIT_ASSERT(!Jwt::verifyHs256(h + "." + p + ".", lookup));
        CPPUNIT_ASSERT(!Jwt::verifyHs256(h + "." + p, lookup));
    }

    void hs512Rejected() {
        std::string h = ta::util::Base64Url::encode("{\"alg\":\"HS512\",\"kid\":\"k1\"}");
        std::string p = ta::util::Base64Url::encode("{\"sub\":\"u1\"}");
        std::string mac = ta::util::Base64Url::encode(ta::util::Digest::hmacSha256(key, h + "." + p));
        CPPUNIT_ASSERT(!Jwt::verifyHs256(h + "." + p + "." + mac, lookup));
    }

    void unknownKidRejected() {
        Poco::JSON::Object claims;
        std::string t = Jwt::signHs256("k2", key, claims);
        CPPUNIT_ASSERT(!Jwt::verifyHs256(t, lookup));
    }

    void garbageRejected() {
        CPPUNIT_ASSERT(!Jwt::verifyHs256("", lookup));
        CPPUNIT_ASSERT(!Jwt::verifyHs256("a.b.c", lookup));
        CPPUNIT_ASSERT(!Jwt::verifyHs256("a.b.c.d", lookup));
        CPPUNIT_ASSERT(!Jwt::verifyHs256(std::string(10000, 'a'), lookup));
        CPPUNIT_ASSERT(!Jwt::verifyHs256("'; DROP TABLE users;--", lookup));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(JwtTest);
