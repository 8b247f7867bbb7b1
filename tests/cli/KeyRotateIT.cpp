// tenantauthctl key rotate: the old key retired and the new one added in one
// transaction, so a tenant never has no current key, nor two.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <string>

#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItProcessResult;

class KeyRotateIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(KeyRotateIT);
    CPPUNIT_TEST(testRotateLeavesExactlyOneCurrentKey);
    CPPUNIT_TEST(testRetireAndInsertCommitTogether);
    CPPUNIT_TEST(testConcurrentRotationsLeaveOneCurrentKey);
    CPPUNIT_TEST(testUnknownTenant);
    CPPUNIT_TEST_SUITE_END();

public:
    static std::string newTenant() {
        std::string slug = ItEnv::uniqueSlug("rot");
        std::string host = slug;
        std::replace(host.begin(), host.end(), '_', '-');
        ItProcessResult add = ItEnv::ctl("tenant add " + slug + " --host " + host + ".test");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(add.describe(), 0, add.exitCode);
        return slug;
    }

    static std::string keysOf(const std::string& slug, const std::string& where) {
        std::string out = ItAdmin::psql(
            "SELECT string_agg(k.kid, ',' ORDER BY k.created_at, k.kid) FROM "
            "tenantauth.signing_keys k JOIN tenantauth.tenants t ON t.id = k.tenant_id "
            "WHERE t.slug = '" +
            slug + "' AND " + where);
        while (!out.empty() && out.back() == '\n') out.pop_back();
        return out;
    }
    static std::string currentKeys(const std::string& slug) {
        return keysOf(slug, "k.retired_at IS NULL");
    }

    // "new signing key KID for SLUG"
    static std::string rotate(const std::string& slug) {
        ItProcessResult r = ItEnv::ctl("key rotate --tenant " + slug);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        const std::string prefix = "new signing key ";
        TA_ASSERT("rotate names the new key: " + r.out, r.out.rfind(prefix, 0) == 0);
        return r.out.substr(prefix.size(), r.out.find(' ', prefix.size()) - prefix.size());
    }

    void testRotateLeavesExactlyOneCurrentKey() {
        std::string slug = newTenant();
        std::string first = currentKeys(slug);
        TA_ASSERT("a new tenant has one current key: " + first,
                  !first.empty() && first.find(',') == std::string::npos);
        std::string kid = rotate(slug);
        CPPUNIT_ASSERT_EQUAL(kid, currentKeys(slug));
        CPPUNIT_ASSERT_EQUAL(first, keysOf(slug, "k.retired_at IS NOT NULL"));
        std::string again = rotate(slug);
        CPPUNIT_ASSERT_EQUAL(again, currentKeys(slug));
        CPPUNIT_ASSERT_EQUAL(first + "," + kid, keysOf(slug, "k.retired_at IS NOT NULL"));
    }

    // The retired row and the new one carry the xmin of the transaction that wrote them:
    // one xid when they were committed together, two when retire and insert each
    // committed on their own (a failure between them left the tenant without a key).
    void testRetireAndInsertCommitTogether() {
        std::string slug = newTenant();
        std::string old = currentKeys(slug);
        std::string kid = rotate(slug);
        std::string xids = ItAdmin::psql(
            "SELECT count(DISTINCT xmin::text) || ' ' || count(*) FROM tenantauth.signing_keys "
            "WHERE kid IN ('" +
            old + "', '" + kid + "')");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "distinct writing transactions, rows of keys " + old + " and " + kid,
            std::string("1 2\n"), xids);
    }

    void testConcurrentRotationsLeaveOneCurrentKey() {
        std::string slug = newTenant();
        std::string one = ItEnv::var("TA_CTL") + " key rotate --tenant " + slug;
        ItProcessResult r = ItEnv::run("for i in 1 2 3 4; do " + one + " & done; wait");
        std::string out = r.out;
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 4L,
                                     static_cast<long>(std::count(out.begin(), out.end(), '\n')));
        std::string current = currentKeys(slug);
        TA_ASSERT("exactly one current key after 4 concurrent rotations: " + current,
                  !current.empty() && current.find(',') == std::string::npos);
        std::string all = keysOf(slug, "true");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(
            "keys: " + all, 5L, static_cast<long>(std::count(all.begin(), all.end(), ',') + 1));
    }

    void testUnknownTenant() {
        ItProcessResult r = ItEnv::ctl("key rotate --tenant no_such_tenant");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 1, r.exitCode);
        TA_ASSERT("names the tenant: " + r.err, r.err.find("no_such_tenant") != std::string::npos);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KeyRotateIT);
