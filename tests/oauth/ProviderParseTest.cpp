// The provider strategies' pure parts: authorize URLs and profile parsing.
#include <cppunit/extensions/HelperMacros.h>

#include "oauth/GitHubProvider.h"
#include "oauth/GoogleProvider.h"

using ta::oauth::AuthorizeRequest;
using ta::oauth::GitHubProvider;
using ta::oauth::GoogleProvider;
using ta::oauth::OAuthProvider;
using ta::oauth::ProviderClient;
using ta::oauth::ProviderProfile;

class ProviderParseTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ProviderParseTest);
    CPPUNIT_TEST(githubAuthorizeUrlCarriesEveryParameter);
    CPPUNIT_TEST(googleAuthorizeUrlKeepsAnExistingQuery);
    CPPUNIT_TEST(githubUsesThePrimaryAddressAndItsVerification);
    CPPUNIT_TEST(githubWithoutPrimaryHasNoEmail);
    CPPUNIT_TEST(githubGarbageIsAProviderAnswer);
    CPPUNIT_TEST(googleReadsEmailVerifiedAsBoolOrString);
    CPPUNIT_TEST(googleWithoutSubIsAProviderAnswer);
    CPPUNIT_TEST_SUITE_END();

    static bool contains(const std::string& s, const std::string& part) {
        return s.find(part) != std::string::npos;
    }

public:
    void githubAuthorizeUrlCarriesEveryParameter() {
        ta::tenant::TenantSettings s;
        ProviderClient c{"Iv1.abc", "secret", "https://app.example/api/auth/github/callback"};
        std::string url = GitHubProvider().authorizeUrl(s, c, AuthorizeRequest{"st-1", "ch_2"});
        CPPUNIT_ASSERT_MESSAGE(url, url.rfind("https://github.com/login/oauth/authorize?", 0) == 0);
        for (const char* part :
             {"client_id=Iv1.abc",
              "redirect_uri=https%3A%2F%2Fapp.example%2Fapi%2Fauth%2Fgithub%2Fcallback",
              "scope=read%3Auser%20user%3Aemail", "state=st-1", "code_challenge=ch_2",
              "code_challenge_method=S256"})
            CPPUNIT_ASSERT_MESSAGE(url + " lacks " + part, contains(url, part));
        CPPUNIT_ASSERT_MESSAGE(url, !contains(url, "secret"));
    }

    void googleAuthorizeUrlKeepsAnExistingQuery() {
        ta::tenant::TenantSettings s;
        s.googleAuthorizeUrl = "http://127.0.0.1:9/auth?hd=example.com";
        ProviderClient c{"id", "secret", "https://x/cb"};
        std::string url = GoogleProvider().authorizeUrl(s, c, AuthorizeRequest{"s", "c"});
        CPPUNIT_ASSERT_MESSAGE(url, url.rfind("http://127.0.0.1:9/auth?hd=example.com&", 0) == 0);
        CPPUNIT_ASSERT_MESSAGE(url, contains(url, "response_type=code"));
        CPPUNIT_ASSERT_MESSAGE(url, contains(url, "scope=openid%20email%20profile"));
        CPPUNIT_ASSERT_MESSAGE(url, contains(url, "code_challenge_method=S256"));
    }

    void githubUsesThePrimaryAddressAndItsVerification() {
        std::string user = R"({"id": 583231, "login": "octocat", "name": null,
                               "avatar_url": "https://a.example/1"})";
        std::string emails = R"([{"email":"old@x.example","primary":false,"verified":true},
                                 {"email":"Octo@X.example","primary":true,"verified":true}])";
        ProviderProfile p = GitHubProvider::parse(user, emails);
        CPPUNIT_ASSERT_EQUAL(std::string("583231"), p.id);
        CPPUNIT_ASSERT_EQUAL(std::string("Octo@X.example"), p.email);
        CPPUNIT_ASSERT(p.emailVerified);
        CPPUNIT_ASSERT_EQUAL(std::string("octocat"), p.name.value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("https://a.example/1"), p.avatarUrl.value_or(""));
        std::string unverified = R"([{"email":"v@x.example","primary":false,"verified":true},
                                     {"email":"p@x.example","primary":true,"verified":false}])";
        ProviderProfile q = GitHubProvider::parse(user, unverified);
        CPPUNIT_ASSERT_EQUAL(std::string("p@x.example"), q.email);
        CPPUNIT_ASSERT(!q.emailVerified);
    }

    void githubWithoutPrimaryHasNoEmail() {
        ProviderProfile p = GitHubProvider::parse(
            R"({"id": 7})", R"([{"email":"a@x.example","primary":false,"verified":true}])");
        CPPUNIT_ASSERT_EQUAL(std::string(""), p.email);
        CPPUNIT_ASSERT(!p.emailVerified);
    }

    void githubGarbageIsAProviderAnswer() {
        CPPUNIT_ASSERT_THROW(GitHubProvider::parse("<html>", "[]"), OAuthProvider::ProviderAnswer);
        CPPUNIT_ASSERT_THROW(GitHubProvider::parse(R"({"id":"7"})", "[]"),
                             OAuthProvider::ProviderAnswer);
        CPPUNIT_ASSERT_THROW(GitHubProvider::parse(R"({"id":7})", R"({"email":1})"),
                             OAuthProvider::ProviderAnswer);
    }

    void googleReadsEmailVerifiedAsBoolOrString() {
        auto a = GoogleProvider::parse(R"({"sub":"1","email":"a@x.example","email_verified":true,
                                          "name":"A","picture":"https://p/1"})");
        CPPUNIT_ASSERT(a.emailVerified);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), a.id);
        CPPUNIT_ASSERT_EQUAL(std::string("https://p/1"), a.avatarUrl.value_or(""));
        CPPUNIT_ASSERT(GoogleProvider::parse(R"({"sub":"1","email":"a@x.example",
                                                "email_verified":"true"})")
                           .emailVerified);
        CPPUNIT_ASSERT(!GoogleProvider::parse(R"({"sub":"1","email":"a@x.example",
                                                 "email_verified":false})")
                            .emailVerified);
        CPPUNIT_ASSERT(
            !GoogleProvider::parse(R"({"sub":"1","email":"a@x.example"})").emailVerified);
        CPPUNIT_ASSERT(
            !GoogleProvider::parse(R"({"sub":"1","email_verified":true})").emailVerified);
    }

    void googleWithoutSubIsAProviderAnswer() {
        CPPUNIT_ASSERT_THROW(GoogleProvider::parse(R"({"email":"a@x.example"})"),
                             OAuthProvider::ProviderAnswer);
        CPPUNIT_ASSERT_THROW(GoogleProvider::parse("[1]"), OAuthProvider::ProviderAnswer);
        CPPUNIT_ASSERT_THROW(GoogleProvider::parse(""), OAuthProvider::ProviderAnswer);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ProviderParseTest);
