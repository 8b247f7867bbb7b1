#include <cppunit/extensions/HelperMacros.h>

#include "identity/Email.h"

using ta::identity::Email;

class EmailTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(EmailTest);
    CPPUNIT_TEST(acceptsRfc5322Atext);
    CPPUNIT_TEST(refusesMalformed);
    CPPUNIT_TEST_SUITE_END();

public:
    void acceptsRfc5322Atext() {
        for (const char* e :
             {"o'brien@example.com", "a+tag@example.com", "first.last@sub.example.co.uk",
              "x!#$%&*/=?^_`{|}~-@example.org", "u@xn--bcher-kva.example", "A@B.CO"})
            CPPUNIT_ASSERT_MESSAGE(e, Email::valid(e));
    }

    void refusesMalformed() {
        for (const char* e : {"",
                              "a",
                              "@example.com",
                              "a@",
                              "a@b",
                              "a@@b.com",
                              "a b@example.com",
                              "a@exa mple.com",
                              ".a@example.com",
                              "a.@example.com",
                              "a..b@example.com",
                              "a@-example.com",
                              "a@example-.com",
                              "a@example..com",
                              "a\"b@example.com",
                              "a<b>@example.com",
                              "a;b@example.com",
                              "a,b@example.com",
                              "a\\b@example.com",
                              "a@example.com."})
            CPPUNIT_ASSERT_MESSAGE(e, !Email::valid(e));
        CPPUNIT_ASSERT(!Email::valid(std::string(65, 'a') + "@example.com"));
        CPPUNIT_ASSERT(!Email::valid("a@" + std::string(250, 'b') + ".com"));
        CPPUNIT_ASSERT(!Email::valid(std::string("a\0b@example.com", 15)));
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(EmailTest);
