#include <cppunit/extensions/HelperMacros.h>

#include "tenant/Slug.h"
#include "tenant/TenantSettings.h"

using namespace ta::tenant;

class SlugTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SlugTest);
    CPPUNIT_TEST(acceptsContractSlugs);
    CPPUNIT_TEST(refusesEverythingElse);
    CPPUNIT_TEST(settingsDefaultsAndRanges);
    CPPUNIT_TEST_SUITE_END();

public:
    void acceptsContractSlugs() {
        for (const char* s : {"ab", "alpha", "a1", "tenant_2", "a234567890123456789012345678901234567890"})
            CPPUNIT_ASSERT_MESSAGE(s, Slug::valid(s));
        CPPUNIT_ASSERT_EQUAL(std::string("tenant_alpha"), Slug::schemaFor("alpha"));
    }

    void refusesEverythingElse() {
        for (const char* s : {"", "a", "1abc", "_ab", "Bad-Slug", "ab-c", "a b", "ab\"; DROP SCHEMA x;--", "Ab",
                              "a2345678901234567890123456789012345678901"})
            CPPUNIT_ASSERT_MESSAGE(s, !Slug::valid(s));
    }

    void settingsDefaultsAndRanges() {
        TenantSettings d = TenantSettings::fromJson("{}");
        CPPUNIT_ASSERT_EQUAL(900, d.accessTokenTtl);
        CPPUNIT_ASSERT_EQUAL(2592000, d.refreshTokenTtl);
        CPPUNIT_ASSERT_EQUAL(12, d.bcryptCost);
        CPPUNIT_ASSERT_EQUAL(std::string("ADMIN"), d.twofaSetup);
        TenantSettings s = TenantSettings::fromJson("{\"bcryptCost\":10,\"twofaSetup\":\"ALL\",\"accessTokenTtl\":-5}");
        CPPUNIT_ASSERT_EQUAL(10, s.bcryptCost);
        CPPUNIT_ASSERT_EQUAL(std::string("ALL"), s.twofaSetup);
        CPPUNIT_ASSERT_EQUAL(900, s.accessTokenTtl);
        CPPUNIT_ASSERT_EQUAL(12, TenantSettings::fromJson("not json").bcryptCost);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(SlugTest);
