#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include "token/AccessTokens.h"
#include "token/ClaimsWriter.h"
#include "token/Jwt.h"
#include "util/Base64Url.h"

using namespace ta;

class AccessTokensTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AccessTokensTest);
    CPPUNIT_TEST(claimsAsContract);
    CPPUNIT_TEST(payloadBytesAsPocoWroteThem);
    CPPUNIT_TEST(expiresAfterLifetime);
    CPPUNIT_TEST(otherTenantRejected);
    CPPUNIT_TEST(nodeRedTokenNeverAnAccessToken);
    CPPUNIT_TEST(missingExpRejected);
    CPPUNIT_TEST(futureNbfRejected);
    CPPUNIT_TEST(retiredKeyVerifiesOnlyDuringGrace);
    CPPUNIT_TEST_SUITE_END();

    util::ManualClock clock{1700000000000};
    tenant::Tenant alpha, beta;
    identity::User user;

public:
    void setUp() override {
        alpha.slug = "alpha";
        alpha.keys.push_back({"ka", std::string(32, 'a'), 0, 0});
        beta.slug = "beta";
        beta.keys.push_back({"ka", std::string(32, 'a'), 0, 0});  // same kid and key on purpose
        user.id = "11111111-2222-3333-4444-555555555555";
        user.email = "u@x.test";
        user.authority = "ADMIN";
    }

    Poco::JSON::Object::Ptr payloadOf(const std::string& t) {
        size_t a = t.find('.') + 1;
        auto json = util::Base64Url::decode(t.substr(a, t.find('.', a) - a));
        return Poco::JSON::Parser().parse(*json).extract<Poco::JSON::Object::Ptr>();
    }

    void claimsAsContract() {
        token::AccessTokens tokens(clock);
        std::string t = tokens.issue(alpha, user);
        auto p = payloadOf(t);
        for (const char* k : {"sub", "id", "email", "plan_id", "authority", "tid", "iat", "exp"})
            CPPUNIT_ASSERT_MESSAGE(k, p->has(k));
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(900),
                             p->getValue<Poco::Int64>("exp") - p->getValue<Poco::Int64>("iat"));
        CPPUNIT_ASSERT_EQUAL(std::string("alpha"), p->getValue<std::string>("tid"));
        auto c = tokens.verify(alpha, t);
        CPPUNIT_ASSERT(c);
        CPPUNIT_ASSERT_EQUAL(user.id, c->userId);
        CPPUNIT_ASSERT_EQUAL(std::string("ADMIN"), c->authority);
    }

    // Keys sorted, as Poco's JWT payload object wrote them; integers for iat and exp.
    void payloadBytesAsPocoWroteThem() {
        token::AccessTokens tokens(clock);
        auto payload = [](const std::string& t) {
            size_t a = t.find('.') + 1;
            return *util::Base64Url::decode(t.substr(a, t.find('.', a) - a));
        };
        std::string common = R"("authority":"ADMIN","email":"u@x.test","exp":)";
        std::string ids = R"(,"iat":1700000000,"id":")" + user.id +
                          R"(","plan_id":"free","sub":")" + user.id + R"(","tid":"alpha"})";
        CPPUNIT_ASSERT_EQUAL("{" + common + "1700000900" + ids, payload(tokens.issue(alpha, user)));
        CPPUNIT_ASSERT_EQUAL(R"({"aud":"node-red",)" + common + "1700604800" + ids,
                             payload(tokens.issueNodeRed(alpha, user)));
    }

    void expiresAfterLifetime() {
        token::AccessTokens tokens(clock);
        std::string t = tokens.issue(alpha, user);
        clock.advanceSeconds(899);
        CPPUNIT_ASSERT(tokens.verify(alpha, t));
        clock.advanceSeconds(1);
        CPPUNIT_ASSERT(!tokens.verify(alpha, t));
    }

    void otherTenantRejected() {
        token::AccessTokens tokens(clock);
        CPPUNIT_ASSERT(!tokens.verify(beta, tokens.issue(alpha, user)));
    }

    void nodeRedTokenNeverAnAccessToken() {
        token::AccessTokens tokens(clock);
        std::string t = tokens.issueNodeRed(alpha, user);
        auto p = payloadOf(t);
        CPPUNIT_ASSERT_EQUAL(std::string("node-red"), p->getValue<std::string>("aud"));
        CPPUNIT_ASSERT_EQUAL(Poco::Int64(604800),
                             p->getValue<Poco::Int64>("exp") - p->getValue<Poco::Int64>("iat"));
        CPPUNIT_ASSERT(!tokens.verify(alpha, t));
    }

    void missingExpRejected() {
        token::AccessTokens tokens(clock);
        std::string claims = token::ClaimsWriter().add("sub", user.id).add("tid", "alpha").json();
        CPPUNIT_ASSERT(
            !tokens.verify(alpha, token::Jwt::signHs256("ka", alpha.keys[0].secret, claims)));
    }

    std::string signedWith(const std::string& claims) {
        return token::Jwt::signHs256("ka", alpha.keys[0].secret, claims);
    }
    std::string signedWithNbf(std::int64_t nbf) {
        return signedWith(token::ClaimsWriter()
                              .add("sub", user.id)
                              .add("tid", "alpha")
                              .add("exp", clock.nowSeconds() + 900)
                              .add("nbf", nbf)
                              .json());
    }

    void futureNbfRejected() {
        token::AccessTokens tokens(clock);
        Poco::Int64 now = clock.nowSeconds();
        int leeway = token::AccessTokens::kClockLeeway;
        CPPUNIT_ASSERT(!tokens.verify(alpha, signedWithNbf(now + leeway + 1)));
        CPPUNIT_ASSERT(!tokens.verify(alpha, signedWithNbf(now + 3600)));
        std::string exp = std::to_string(clock.nowSeconds() + 900);
        CPPUNIT_ASSERT(
            !tokens.verify(alpha, signedWith(R"({"sub":")" + user.id + R"(","tid":"alpha","exp":)" +
                                             exp + R"(,"nbf":"soon"})")));
        CPPUNIT_ASSERT(
            !tokens.verify(alpha, signedWith(R"({"sub":")" + user.id + R"(","tid":"alpha","exp":)" +
                                             exp + R"(,"nbf":1.5})")));
        CPPUNIT_ASSERT(tokens.verify(alpha, signedWithNbf(now + leeway)));
        CPPUNIT_ASSERT(tokens.verify(alpha, signedWithNbf(now - 60)));
        std::string later = signedWithNbf(now + 120);
        clock.advanceSeconds(120 - leeway);
        CPPUNIT_ASSERT(tokens.verify(alpha, later));
    }

    void retiredKeyVerifiesOnlyDuringGrace() {
        token::AccessTokens tokens(clock);
        std::string old = tokens.issue(alpha, user);
        alpha.keys[0].retiredAt = clock.nowSeconds();
        alpha.keys.insert(alpha.keys.begin(), tenant::SigningKey{"kb", std::string(32, 'b'), 0, 0});
        CPPUNIT_ASSERT(tokens.verify(alpha, old));
        CPPUNIT_ASSERT(tokens.verify(alpha, tokens.issue(alpha, user)));
        clock.advanceSeconds(900 + 61);
        CPPUNIT_ASSERT(!tokens.verify(alpha, old));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(AccessTokensTest);
