#include <cppunit/extensions/HelperMacros.h>

#include "http/SameOrigin.h"

using ta::http::Request;
using ta::http::SameOrigin;

class SameOriginTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SameOriginTest);
    CPPUNIT_TEST(ownOriginFromHostAndHttps);
    CPPUNIT_TEST(canonicalForm);
    CPPUNIT_TEST(withoutBrowserHeadersNothingIsForeign);
    CPPUNIT_TEST(foreignOrigins);
    CPPUNIT_TEST(fetchSite);
    CPPUNIT_TEST_SUITE_END();

    static Request req(const std::string& host, bool https, const std::string& origin,
                       const std::string& site) {
        Request r;
        r.hostHeader = host;
        r.https = https;
        r.origin = origin;
        r.secFetchSite = site;
        return r;
    }

public:
    void ownOriginFromHostAndHttps() {
        CPPUNIT_ASSERT_EQUAL(std::string("http://app.example:8080"),
                             SameOrigin::ownOrigin(req("App.Example:8080", false, "", "")));
        CPPUNIT_ASSERT_EQUAL(std::string("https://app.example"),
                             SameOrigin::ownOrigin(req("app.example:443", true, "", "")));
        CPPUNIT_ASSERT_EQUAL(std::string("http://[::1]:81"),
                             SameOrigin::ownOrigin(req("[::1]:81", false, "", "")));
        CPPUNIT_ASSERT_EQUAL(std::string(""), SameOrigin::ownOrigin(req("", true, "", "")));
    }

    void canonicalForm() {
        CPPUNIT_ASSERT_EQUAL(std::string("https://a.example"),
                             SameOrigin::canonical("HTTPS://A.example:443"));
        CPPUNIT_ASSERT_EQUAL(std::string("http://a.example:443"),
                             SameOrigin::canonical("http://a.example:443"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), SameOrigin::canonical("null"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), SameOrigin::canonical("http://"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), SameOrigin::canonical("http://a.example/x"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), SameOrigin::canonical("ftp://a.example"));
    }

    void withoutBrowserHeadersNothingIsForeign() {
        CPPUNIT_ASSERT(!SameOrigin::foreign(req("a.example", false, "", "")));
        CPPUNIT_ASSERT(!SameOrigin::foreign(req("", false, "", "")));
        CPPUNIT_ASSERT(!SameOrigin::foreign(req("a.example", false, "", "none")));
    }

    void foreignOrigins() {
        CPPUNIT_ASSERT(!SameOrigin::foreign(req("a.example", false, "http://a.example", "")));
        CPPUNIT_ASSERT(
            !SameOrigin::foreign(req("a.example:8080", false, "http://A.example:8080", "")));
        CPPUNIT_ASSERT(!SameOrigin::foreign(req("a.example", true, "https://a.example:443", "")));
        CPPUNIT_ASSERT(SameOrigin::foreign(req("a.example", false, "null", "")));
        CPPUNIT_ASSERT(SameOrigin::foreign(req("a.example", false, "http://evil.a.example", "")));
        CPPUNIT_ASSERT(SameOrigin::foreign(req("a.example", false, "https://a.example", "")));
        CPPUNIT_ASSERT(SameOrigin::foreign(req("a.example", true, "http://a.example", "")));
        CPPUNIT_ASSERT(SameOrigin::foreign(req("a.example:8080", false, "http://a.example", "")));
        CPPUNIT_ASSERT(SameOrigin::foreign(req("", false, "http://a.example", "")));
    }

    void fetchSite() {
        CPPUNIT_ASSERT(SameOrigin::foreign(req("a.example", false, "", "cross-site")));
        CPPUNIT_ASSERT(
            SameOrigin::foreign(req("a.example", false, "http://a.example", "Cross-Site")));
        // A sibling subdomain: same site, another origin (with or without Origin: a GET
        // sent by an <img> carries none).
        CPPUNIT_ASSERT(SameOrigin::foreign(req("a.example", false, "", "same-site")));
        CPPUNIT_ASSERT(
            SameOrigin::foreign(req("a.example", false, "http://b.a.example", "same-site")));
        CPPUNIT_ASSERT(
            !SameOrigin::foreign(req("a.example", false, "http://a.example", "same-site")));
        CPPUNIT_ASSERT(!SameOrigin::foreign(req("a.example", false, "", "same-origin")));
        CPPUNIT_ASSERT(
            !SameOrigin::foreign(req("a.example", false, "http://a.example", "same-origin")));
        CPPUNIT_ASSERT(SameOrigin::foreign(req("a.example", false, "null", "same-origin")));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SameOriginTest);
