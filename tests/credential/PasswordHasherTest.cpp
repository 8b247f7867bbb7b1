#include <cppunit/extensions/HelperMacros.h>

#include "credential/PasswordHasher.h"
#include "credential/PasswordPolicy.h"
#include "domain/Refusal.h"

using namespace ta::credential;

class PasswordHasherTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PasswordHasherTest);
    CPPUNIT_TEST(hashesAsBcrypt2b);
    CPPUNIT_TEST(importedHashesVerify);
    CPPUNIT_TEST(policyBounds);
    CPPUNIT_TEST(dummyHashMatchesTenantCost);
    CPPUNIT_TEST(readsBcryptCost);
    CPPUNIT_TEST(rehashWhenVariantOrCostDiffers);
    CPPUNIT_TEST(verifyAtCostPadsCheaperHashes);
    CPPUNIT_TEST_SUITE_END();

public:
    void readsBcryptCost() {
        const std::string tail = "abcdefghijklmnopqrstuuCj7fyLDJytXL.TfOiOeiv0fQvSOK1/2";
        CPPUNIT_ASSERT_EQUAL(10, PasswordHasher::bcryptCost("$2a$10$" + tail));
        CPPUNIT_ASSERT_EQUAL(10, PasswordHasher::bcryptCost("$2y$10$" + tail));
        CPPUNIT_ASSERT_EQUAL(12, PasswordHasher::bcryptCost("$2b$12$" + tail));
        for (const std::string& bad :
             {"$2x$10$" + tail, "$2a$03$" + tail, "$2a$32$" + tail, "$2a$1a$" + tail,
              "$2a$10$" + tail.substr(1), "$2a$10$" + tail + "A", "$2a$10$" + tail.substr(1) + "!",
              std::string("$1$abc$def"), std::string()})
            CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, 0, PasswordHasher::bcryptCost(bad));
    }

    void rehashWhenVariantOrCostDiffers() {
        const std::string tail = "abcdefghijklmnopqrstuuCj7fyLDJytXL.TfOiOeiv0fQvSOK1/2";
        CPPUNIT_ASSERT(!PasswordHasher::needsRehash("$2b$12$" + tail, 12));
        CPPUNIT_ASSERT(PasswordHasher::needsRehash("$2b$10$" + tail, 12));
        CPPUNIT_ASSERT(PasswordHasher::needsRehash("$2b$13$" + tail, 12));
        CPPUNIT_ASSERT(PasswordHasher::needsRehash("$2a$12$" + tail, 12));
        CPPUNIT_ASSERT(PasswordHasher::needsRehash("$2y$12$" + tail, 12));
    }

    void verifyAtCostPadsCheaperHashes() {
        // The OpenBSD vector ("U*U", cost 5) as $2a$ and $2y$, checked at a dearer cost:
        // the answer is the plain verify()'s.
        const std::string tail = "05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        for (const char* prefix : {"$2a$", "$2y$"}) {
            CPPUNIT_ASSERT_MESSAGE(prefix, PasswordHasher::verifyAtCost("U*U", prefix + tail, 7));
            CPPUNIT_ASSERT_MESSAGE(prefix, !PasswordHasher::verifyAtCost("U*V", prefix + tail, 7));
        }
        CPPUNIT_ASSERT(!PasswordHasher::verifyAtCost("x", "not a hash", 6));
    }

    void hashesAsBcrypt2b() {
        std::string h = PasswordHasher::hash("correct horse", 4);
        CPPUNIT_ASSERT_EQUAL(std::string("$2b$04$"), h.substr(0, 7));
        CPPUNIT_ASSERT_EQUAL(size_t(60), h.size());
        CPPUNIT_ASSERT(PasswordHasher::verify("correct horse", h));
        CPPUNIT_ASSERT(!PasswordHasher::verify("correct horsE", h));
        CPPUNIT_ASSERT(h != PasswordHasher::hash("correct horse", 4));  // salted
        CPPUNIT_ASSERT(!PasswordHasher::verify("x", "not a hash"));
        CPPUNIT_ASSERT(!PasswordHasher::verify("x", ""));
    }

    void importedHashesVerify() {
        // OpenBSD test vector ("U*U", cost 5), under each prefix other systems write.
        const std::string tail = "05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
        for (const char* prefix : {"$2a$", "$2b$", "$2y$"})
            CPPUNIT_ASSERT_MESSAGE(prefix, PasswordHasher::verify("U*U", prefix + tail));
    }

    void dummyHashMatchesTenantCost() {
        // Same cost as real hashes of the tenant: no timing difference for unknown emails.
        CPPUNIT_ASSERT_EQUAL(std::string("$2b$04$"), PasswordHasher::dummyHash(4).substr(0, 7));
        CPPUNIT_ASSERT_EQUAL(std::string("$2b$05$"), PasswordHasher::dummyHash(5).substr(0, 7));
        CPPUNIT_ASSERT_EQUAL(PasswordHasher::dummyHash(4), PasswordHasher::dummyHash(4));
    }

    void policyBounds() {
        using ta::domain::Refusal;
        CPPUNIT_ASSERT_THROW(PasswordPolicy::check(std::string(7, 'a')), Refusal);
        CPPUNIT_ASSERT_THROW(PasswordPolicy::check(std::string(73, 'a')), Refusal);
        CPPUNIT_ASSERT_THROW(PasswordPolicy::check(std::string("abcd\0efgh", 9)), Refusal);
        PasswordPolicy::check(std::string(8, 'a'));
        PasswordPolicy::check(std::string(72, 'a'));
        // At login a short password is only wrong; over 72 bytes it is refused, since
        // bcrypt would ignore what follows byte 72.
        PasswordPolicy::checkPresented(std::string(3, 'a'));
        PasswordPolicy::checkPresented(std::string(72, 'a'));
        CPPUNIT_ASSERT_THROW(PasswordPolicy::checkPresented(std::string(73, 'a')), Refusal);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(PasswordHasherTest);
