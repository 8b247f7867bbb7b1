#include <cppunit/extensions/HelperMacros.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "util/Digest.h"

using ta::util::Digest;

class DigestTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(DigestTest);
    CPPUNIT_TEST(sha256Vectors);
    CPPUNIT_TEST(hmacRfc4231Vectors);
    CPPUNIT_TEST(hmacMatchesOneShotAcrossManyKeys);
    CPPUNIT_TEST(hmacEmptyAndLongKeys);
    CPPUNIT_TEST(equalIsExact);
    CPPUNIT_TEST_SUITE_END();

    static std::string oneShot(const std::string& key, const std::string& data) {
        unsigned char md[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
             reinterpret_cast<const unsigned char*>(data.data()), data.size(), md, &len);
        return std::string(reinterpret_cast<const char*>(md), len);
    }

public:
    void sha256Vectors() {
        CPPUNIT_ASSERT_EQUAL(
            std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            Digest::sha256Hex(""));
        CPPUNIT_ASSERT_EQUAL(
            std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            Digest::sha256Hex("abc"));
        CPPUNIT_ASSERT_EQUAL(  // twice: the per-thread context is reused
            std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            Digest::sha256Hex("abc"));
    }

    void hmacRfc4231Vectors() {
        CPPUNIT_ASSERT_EQUAL(
            std::string("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
            Digest::hex(Digest::hmacSha256(std::string(20, '\x0b'), "Hi There")));
        CPPUNIT_ASSERT_EQUAL(
            std::string("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            Digest::hex(Digest::hmacSha256("Jefe", "what do ya want for nothing?")));
        unsigned char out[32];
        Digest::hmacSha256("Jefe", "what do ya want for nothing?", out);
        CPPUNIT_ASSERT_EQUAL(
            std::string("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
            Digest::hex(std::string(reinterpret_cast<const char*>(out), 32)));
    }

    // More keys than a thread keeps keyed contexts for, interleaved and repeated: every
    // MAC must be the one of its own key.
    void hmacMatchesOneShotAcrossManyKeys() {
        for (int round = 0; round < 3; ++round)
            for (int k = 0; k < 10; ++k) {
                std::string key(32, static_cast<char>('a' + k));
                std::string data = "message " + std::to_string(round * 10 + k);
                CPPUNIT_ASSERT(Digest::hmacSha256(key, data) == oneShot(key, data));
                CPPUNIT_ASSERT(Digest::hmacSha256(key.substr(0, 31), data) ==
                               oneShot(key.substr(0, 31), data));
            }
    }

    void hmacEmptyAndLongKeys() {
        std::string longKey(200, 'L');
        for (const std::string& key :
             {std::string(), std::string(1, '\0'), longKey, std::string(), std::string(32, '\0')}) {
            CPPUNIT_ASSERT(Digest::hmacSha256(key, "data") == oneShot(key, "data"));
            CPPUNIT_ASSERT(Digest::hmacSha256(key, "") == oneShot(key, ""));
        }
    }

    void equalIsExact() {
        CPPUNIT_ASSERT(Digest::equal("abc", "abc"));
        CPPUNIT_ASSERT(!Digest::equal("abc", "abd"));
        CPPUNIT_ASSERT(!Digest::equal("abc", "ab"));
        CPPUNIT_ASSERT(Digest::equal("", ""));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(DigestTest);
