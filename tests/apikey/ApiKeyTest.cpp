#include <cppunit/extensions/HelperMacros.h>

#include "apikey/ApiKey.h"
#include "ratelimit/RateLimiter.h"

using ta::apikey::ApiKey;

class ApiKeyTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ApiKeyTest);
    CPPUNIT_TEST(onlyWellFormedKeysAreLookedUp);
    CPPUNIT_TEST(rateChunksBoundTheLoss);
    CPPUNIT_TEST_SUITE_END();

public:
    void onlyWellFormedKeysAreLookedUp() {
        std::string good = "sk_" + std::string(64, 'a');
        CPPUNIT_ASSERT(ApiKey::wellFormed(good));
        CPPUNIT_ASSERT(!ApiKey::wellFormed("sk_" + std::string(63, 'a')));
        CPPUNIT_ASSERT(!ApiKey::wellFormed("sk_" + std::string(64, 'A')));
        CPPUNIT_ASSERT(!ApiKey::wellFormed("pk_" + std::string(64, 'a')));
        CPPUNIT_ASSERT(!ApiKey::wellFormed("eyJhbGciOiJIUzI1NiJ9.e30.x"));
        CPPUNIT_ASSERT(ApiKey::validId("key_0123456789abcdef01234567"));
        CPPUNIT_ASSERT(!ApiKey::validId("key_0123456789abcdef0123456"));
        CPPUNIT_ASSERT(!ApiKey::validId("key_' OR '1'='1'--aaaaaaaaaa"));
    }

    void rateChunksBoundTheLoss() {
        using ta::ratelimit::RateLimiter;
        CPPUNIT_ASSERT_EQUAL(1, RateLimiter::chunkFor(1));
        CPPUNIT_ASSERT_EQUAL(1, RateLimiter::chunkFor(60));
        CPPUNIT_ASSERT_EQUAL(12, RateLimiter::chunkFor(600));
        // Four processes each holding an unspent chunk lose at most 8% of the minute.
        CPPUNIT_ASSERT(4 * RateLimiter::chunkFor(600) <= 600 * 8 / 100);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(ApiKeyTest);
