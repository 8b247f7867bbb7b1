#include <cppunit/extensions/HelperMacros.h>

#include "http/Cookies.h"

using ta::http::Cookies;
using ta::http::Response;

class CookiesTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CookiesTest);
    CPPUNIT_TEST(productionCookieIsSecure);
    CPPUNIT_TEST(developmentCookieIsNotSecure);
    CPPUNIT_TEST(clearSetsMaxAgeZero);
    CPPUNIT_TEST(findsCookieAmongOthers);
    CPPUNIT_TEST_SUITE_END();

public:
    void productionCookieIsSecure() {
        Response r;
        Cookies(true).set(r, "refresh_token", "abc", 2592000);
        CPPUNIT_ASSERT_EQUAL(std::string("Set-Cookie"), r.headers.at(0).first);
        CPPUNIT_ASSERT_EQUAL(std::string("refresh_token=abc; Max-Age=2592000; Path=/; HttpOnly; SameSite=Lax; Secure"),
                             r.headers.at(0).second);
    }

    void developmentCookieIsNotSecure() {
        Response r;
        Cookies(false).set(r, "accessToken", "x", 900);
        CPPUNIT_ASSERT_EQUAL(std::string("accessToken=x; Max-Age=900; Path=/; HttpOnly; SameSite=Lax"),
                             r.headers.at(0).second);
    }

    void clearSetsMaxAgeZero() {
        Response r;
        Cookies(true).clear(r, "nodeRedToken");
        CPPUNIT_ASSERT_EQUAL(std::string("nodeRedToken=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax; Secure"),
                             r.headers.at(0).second);
    }

    void findsCookieAmongOthers() {
        CPPUNIT_ASSERT_EQUAL(std::string("v2"), Cookies::find("a=1; refresh_token=v2; b=3", "refresh_token"));
        CPPUNIT_ASSERT_EQUAL(std::string("q"), Cookies::find("x=\"q\"", "x"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), Cookies::find("xrefresh_token=1", "refresh_token"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), Cookies::find("", "a"));
        CPPUNIT_ASSERT_EQUAL(std::string("1"), Cookies::find("  a = 1 ;b=2", "a"));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(CookiesTest);
