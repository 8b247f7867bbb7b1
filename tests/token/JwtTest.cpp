#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <cppunit/extensions/HelperMacros.h>

#include "token/ClaimsWriter.h"
#include "token/Jwt.h"
#include "util/Base64Url.h"
#include "util/Digest.h"

using ta::token::ClaimsWriter;
using ta::token::Jwt;
using ta::util::Base64Url;

class JwtTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(JwtTest);
    CPPUNIT_TEST(roundTrip);
    CPPUNIT_TEST(sameBytesAsPocoSigner);
    CPPUNIT_TEST(pocoReadsOurTokens);
    CPPUNIT_TEST(tamperedPayloadRejected);
    CPPUNIT_TEST(wrongKeyRejected);
    CPPUNIT_TEST(algNoneRejected);
    CPPUNIT_TEST(hs512Rejected);
    CPPUNIT_TEST(algAndKidMustBeStrings);
    CPPUNIT_TEST(unknownKidRejected);
    CPPUNIT_TEST(headerVariantsAccepted);
    CPPUNIT_TEST(macMustBe32Bytes);
    CPPUNIT_TEST(threePartsExactly);
    CPPUNIT_TEST(base64RefusedOutsideTheAlphabet);
    CPPUNIT_TEST(headerAndPayloadMustBeObjects);
    CPPUNIT_TEST(duplicateKeysRejected);
    CPPUNIT_TEST(claimTypesAndEscapes);
    CPPUNIT_TEST(lengthLimit);
    CPPUNIT_TEST(garbageRejected);
    CPPUNIT_TEST_SUITE_END();

    const std::string key = std::string(32, 'k');
    Jwt::KeyLookup lookup = [this](const std::string& kid) -> const std::string* {
        return kid == "k1" ? &key : nullptr;
    };
    const std::string okHeader = R"({"alg":"HS256","kid":"k1","typ":"JWT"})";
    const std::string okPayload = R"({"sub":"u1","exp":2000000000})";

    std::string token() {
        return Jwt::signHs256(
            "k1", key, ClaimsWriter().add("sub", "u1").add("exp", std::int64_t(2000000000)).json());
    }
    // Any header and payload text, signed with `key`.
    std::string raw(const std::string& header, const std::string& payload) {
        std::string input = Base64Url::encode(header) + "." + Base64Url::encode(payload);
        return input + "." + Base64Url::encode(ta::util::Digest::hmacSha256(key, input));
    }
    bool verifies(const std::string& t) { return Jwt::verifyHs256(t, lookup).has_value(); }

    static std::string part(const std::string& t, int i) {
        size_t a = 0;
        for (int n = 0; n < i; ++n) a = t.find('.', a) + 1;
        size_t b = t.find('.', a);
        return t.substr(a, b == std::string::npos ? std::string::npos : b - a);
    }

public:
    void roundTrip() {
        auto claims = Jwt::verifyHs256(token(), lookup);
        CPPUNIT_ASSERT(claims);
        CPPUNIT_ASSERT_EQUAL(std::string("u1"), claims->sub);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(2000000000), *claims->exp);
        CPPUNIT_ASSERT_EQUAL(okHeader, *Base64Url::decode(part(token(), 0)));
        CPPUNIT_ASSERT(verifies(raw(okHeader, okPayload)));
    }

    // What Poco::JWT::Signer wrote before: header keys sorted, typ JWT, same payload.
    void sameBytesAsPocoSigner() {
        Poco::JWT::Token t;
        t.setType("JWT");
        t.header().set("kid", std::string("k1"));
        t.payload().set("aud", std::string("node-red"));
        t.payload().set("email", std::string("\xc3\xa9\"\\/\n@x"));
        t.payload().set("exp", Poco::Int64(2000000000));
        t.payload().set("sub", std::string("u1"));
        std::string poco = Poco::JWT::Signer(key).sign(t, Poco::JWT::Signer::ALGO_HS256);
        std::string ours = Jwt::signHs256("k1", key,
                                          ClaimsWriter()
                                              .add("aud", "node-red")
                                              .add("email", "\xc3\xa9\"\\/\n@x")
                                              .add("exp", std::int64_t(2000000000))
                                              .add("sub", "u1")
                                              .json());
        CPPUNIT_ASSERT_EQUAL(poco, ours);
        auto claims = Jwt::verifyHs256(poco, lookup);
        CPPUNIT_ASSERT(claims && claims->aud);
        CPPUNIT_ASSERT_EQUAL(std::string("\xc3\xa9\"\\/\n@x"), claims->email);
    }

    void pocoReadsOurTokens() {
        Poco::JWT::Token t = Poco::JWT::Signer(key).verify(token());
        CPPUNIT_ASSERT_EQUAL(std::string("u1"), t.payload().getValue<std::string>("sub"));
        CPPUNIT_ASSERT(t.payload().get("exp").isInteger());
        CPPUNIT_ASSERT_EQUAL(std::string("k1"), t.header().getValue<std::string>("kid"));
    }

    void tamperedPayloadRejected() {
        std::string t = token();
        std::string forged = Base64Url::encode("{\"sub\":\"admin\",\"exp\":2000000000}");
        CPPUNIT_ASSERT(!verifies(part(t, 0) + "." + forged + "." + part(t, 2)));
        std::string flipped = t;
        flipped[part(t, 0).size() + 3] ^= 1;
        CPPUNIT_ASSERT(!verifies(flipped));
        std::string macFlipped = t;
        macFlipped[t.size() - 5] ^= 1;
        CPPUNIT_ASSERT(!verifies(macFlipped));
    }

    void wrongKeyRejected() {
        CPPUNIT_ASSERT(!verifies(Jwt::signHs256("k1", std::string(32, 'x'), okPayload)));
        CPPUNIT_ASSERT(!verifies(Jwt::signHs256("k1", "", okPayload)));
    }

    void algNoneRejected() {
        std::string h = Base64Url::encode(R"({"alg":"none","kid":"k1","typ":"JWT"})");
        std::string p = Base64Url::encode(okPayload);
        CPPUNIT_ASSERT(!verifies(h + "." + p + "."));
        CPPUNIT_ASSERT(!verifies(h + "." + p));
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":"none","kid":"k1"})", okPayload)));
    }

    void hs512Rejected() {
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":"HS512","kid":"k1"})", okPayload)));
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":"hs256","kid":"k1"})", okPayload)));
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":"HS256 ","kid":"k1"})", okPayload)));
        CPPUNIT_ASSERT(!verifies(raw(R"({"kid":"k1"})", okPayload)));
    }

    void algAndKidMustBeStrings() {
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":["HS256"],"kid":"k1"})", okPayload)));
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":"HS256"})", okPayload)));
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":"HS256","kid":null})", okPayload)));
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":"HS256","kid":1})", okPayload)));
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":"HS256","kid":["k1"]})", okPayload)));
    }

    void unknownKidRejected() {
        CPPUNIT_ASSERT(!verifies(Jwt::signHs256("k2", key, okPayload)));
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":"HS256","kid":"K1"})", okPayload)));
    }

    // typ is optional and ignored, as are other header members; escapes are decoded.
    void headerVariantsAccepted() {
        CPPUNIT_ASSERT(verifies(raw(R"({"alg":"HS256","kid":"k1"})", okPayload)));
        CPPUNIT_ASSERT(
            verifies(raw(R"({"typ":"at+jwt","kid":"k1","alg":"HS256","x":[{}]})", okPayload)));
        CPPUNIT_ASSERT(
            verifies(raw(R"( { "alg" : "HS\u0032\u00356" , "kid" : "\u006b1" } )", okPayload)));
    }

    void macMustBe32Bytes() {
        std::string t = token();
        std::string input = t.substr(0, t.rfind('.'));
        std::string mac = *Base64Url::decode(part(t, 2));
        CPPUNIT_ASSERT(!verifies(input + "." + Base64Url::encode(mac.substr(0, 31))));
        CPPUNIT_ASSERT(!verifies(input + "." + Base64Url::encode(mac + '\0')));
        CPPUNIT_ASSERT(!verifies(input + "." + Base64Url::encode(mac + mac)));
        CPPUNIT_ASSERT(!verifies(input + "."));
        CPPUNIT_ASSERT(!verifies(input + "." + part(t, 2).substr(0, 42)));  // 31 bytes
        CPPUNIT_ASSERT(verifies(input + "." + part(t, 2)));
    }

    void threePartsExactly() {
        std::string t = token();
        CPPUNIT_ASSERT(!verifies(t + "."));
        CPPUNIT_ASSERT(!verifies(t + "." + part(t, 2)));
        CPPUNIT_ASSERT(!verifies(part(t, 0) + "." + part(t, 1)));
        CPPUNIT_ASSERT(!verifies("." + t));
        CPPUNIT_ASSERT(!verifies(part(t, 0) + ".." + part(t, 1) + "." + part(t, 2)));
    }

    void base64RefusedOutsideTheAlphabet() {
        std::string t = token();
        std::string h = part(t, 0), p = part(t, 1), s = part(t, 2);
        CPPUNIT_ASSERT(!verifies(h + "==." + p + "." + s));
        CPPUNIT_ASSERT(!verifies(h + "." + p + "." + s + "="));
        CPPUNIT_ASSERT(!verifies(h + " ." + p + "." + s));
        CPPUNIT_ASSERT(!verifies(h + "." + p + "A." + s));  // length 1 mod 4 (and the MAC)
        std::string plus = t;
        plus[3] = '+';
        CPPUNIT_ASSERT(!verifies(plus));
        // The MAC covers the base64 text: a payload with '=' is refused even when signed.
        std::string input = h + "." + p + "==";
        CPPUNIT_ASSERT(
            !verifies(input + "." + Base64Url::encode(ta::util::Digest::hmacSha256(key, input))));
    }

    void headerAndPayloadMustBeObjects() {
        for (const char* j : {"[]", "\"x\"", "1", "null", "", "{", "{}}", "{} x"}) {
            CPPUNIT_ASSERT_MESSAGE(j, !verifies(raw(okHeader, j)));
            CPPUNIT_ASSERT_MESSAGE(j, !verifies(raw(j, okPayload)));
        }
        CPPUNIT_ASSERT(!verifies(raw(okHeader, okPayload + "x")));
        CPPUNIT_ASSERT(!verifies(raw(okHeader + "x", okPayload)));
        CPPUNIT_ASSERT(!verifies(raw(okHeader, std::string("{\"sub\":\"u1\"}\0", 13))));
        CPPUNIT_ASSERT(verifies(raw(okHeader, " {} \n")));
    }

    void duplicateKeysRejected() {
        CPPUNIT_ASSERT(!verifies(raw(okHeader, R"({"sub":"u1","sub":"admin"})")));
        CPPUNIT_ASSERT(!verifies(raw(okHeader, R"({"exp":1,"x":0,"exp":2000000000})")));
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":"none","alg":"HS256","kid":"k1"})", okPayload)));
        CPPUNIT_ASSERT(!verifies(raw(R"({"alg":"HS256","kid":"k9","kid":"k1"})", okPayload)));
    }

    void claimTypesAndEscapes() {
        auto c = Jwt::verifyHs256(
            raw(okHeader,
                R"({"sub":"\u00e9\ud83d\ude00\"\\\/","x":{"y":[1,2.5,null,true]},"exp":1})"),
            lookup);
        CPPUNIT_ASSERT(c);
        CPPUNIT_ASSERT_EQUAL(std::string("\xc3\xa9\xf0\x9f\x98\x80\"\\/"), c->sub);
        for (const char* p :
             {R"({"exp":"2000000000"})", R"({"exp":2e9})", R"({"exp":2000000000.0})",
              R"({"exp":99999999999999999999})", R"({"nbf":"0"})", R"({"sub":"\ud83d"})",
              R"({"sub":"\ude00"})", R"({"sub":"a\u0000"})", R"({"sub":"\x"})",
              "{\"sub\":\"\x01\"}", "{\"sub\":\"\xff\"}", R"({"sub":1})"})
            CPPUNIT_ASSERT_MESSAGE(p, !verifies(raw(okHeader, p)));
    }

    void lengthLimit() {
        std::string filler(Jwt::kMaxLength, 'a');
        auto sized = [&](std::size_t total) {
            for (std::size_t n = 0;; ++n) {
                std::string t = raw(okHeader, "{\"pad\":\"" + filler.substr(0, n) + "\"}");
                if (t.size() >= total) return t;
            }
        };
        std::string atLimit = sized(Jwt::kMaxLength - 3);
        CPPUNIT_ASSERT(atLimit.size() <= Jwt::kMaxLength);
        CPPUNIT_ASSERT(verifies(atLimit));
        std::string over = sized(Jwt::kMaxLength + 1);
        CPPUNIT_ASSERT(over.size() > Jwt::kMaxLength);
        CPPUNIT_ASSERT(!verifies(over));
    }

    void garbageRejected() {
        CPPUNIT_ASSERT(!verifies(""));
        CPPUNIT_ASSERT(!verifies(".."));
        CPPUNIT_ASSERT(!verifies("a.b.c"));
        CPPUNIT_ASSERT(!verifies("a.b.c.d"));
        CPPUNIT_ASSERT(!verifies(std::string(10000, 'a')));
        CPPUNIT_ASSERT(!verifies("'; DROP TABLE users;--"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(JwtTest);
