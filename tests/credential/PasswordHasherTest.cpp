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
    CPPUNIT_TEST_SUITE_END();

public:
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
