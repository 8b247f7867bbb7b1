#include <cppunit/extensions/HelperMacros.h>

#include "mail/Backoff.h"
#include "mail/Letters.h"
#include "mail/SmtpTransport.h"

using ta::mail::Backoff;
using ta::mail::Letters;
using ta::mail::SmtpTransport;

class LettersTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LettersTest);
    CPPUNIT_TEST(linkReplacesThePlaceholder);
    CPPUNIT_TEST(linkAppendsTheTokenWithoutPlaceholder);
    CPPUNIT_TEST(mailsCarryTheLinkAndTheTenant);
    CPPUNIT_TEST(mailboxQuotesTheName);
    CPPUNIT_TEST(backoffDoublesUpToAnHour);
    CPPUNIT_TEST(backoffGivesUpAfterTwoDays);
    CPPUNIT_TEST_SUITE_END();

public:
    void linkReplacesThePlaceholder() {
        CPPUNIT_ASSERT_EQUAL(std::string("https://a.example/r?token=T1&x=1"),
                             Letters::link("https://a.example/r?token={token}&x=1", "T1"));
        CPPUNIT_ASSERT_EQUAL(std::string("https://a.example/r/T1#T1"),
                             Letters::link("https://a.example/r/{token}#{token}", "T1"));
    }

    void linkAppendsTheTokenWithoutPlaceholder() {
        CPPUNIT_ASSERT_EQUAL(std::string("https://a.example/r?token=T"),
                             Letters::link("https://a.example/r", "T"));
        CPPUNIT_ASSERT_EQUAL(std::string("https://a.example/r?x=1&token=T"),
                             Letters::link("https://a.example/r?x=1", "T"));
        CPPUNIT_ASSERT_EQUAL(std::string("https://a.example/r?token=T#/reset"),
                             Letters::link("https://a.example/r#/reset", "T"));
        CPPUNIT_ASSERT_EQUAL(std::string("https://a.example/r?token=T"),
                             Letters::link("https://a.example/r?", "T"));
    }

    void mailsCarryTheLinkAndTheTenant() {
        auto r = Letters::resetPassword("Acme", "u@example.com", "https://l.example/x");
        CPPUNIT_ASSERT_EQUAL(std::string("reset_password"), r.kind);
        CPPUNIT_ASSERT_EQUAL(std::string("u@example.com"), r.to);
        CPPUNIT_ASSERT(r.subject.find("Acme") != std::string::npos);
        CPPUNIT_ASSERT(r.body.find("\nhttps://l.example/x\n") != std::string::npos);
        auto v = Letters::verifyEmail("Acme", "u@example.com", "https://l.example/v");
        CPPUNIT_ASSERT_EQUAL(std::string("verify_email"), v.kind);
        CPPUNIT_ASSERT(v.body.find("\nhttps://l.example/v\n") != std::string::npos);
        CPPUNIT_ASSERT(v.body.find("Acme") != std::string::npos);
    }

    void mailboxQuotesTheName() {
        CPPUNIT_ASSERT_EQUAL(std::string("\"Acme \\\"Inc\\\"\" <a@b.example>"),
                             SmtpTransport::mailbox("Acme \"Inc\"", "a@b.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("\"AB\" <a@b.example>"),
                             SmtpTransport::mailbox("A\r\nB", "a@b.example"));
        CPPUNIT_ASSERT_EQUAL(std::string("<a@b.example>"),
                             SmtpTransport::mailbox("", "a@b.example"));
        std::string utf8 = SmtpTransport::mailbox("Caf\xc3\xa9", "a@b.example");
        CPPUNIT_ASSERT_MESSAGE(utf8, utf8.rfind("=?UTF-8?", 0) == 0);
    }

    void backoffDoublesUpToAnHour() {
        CPPUNIT_ASSERT_EQUAL(60, Backoff::delaySeconds(1, 60));
        CPPUNIT_ASSERT_EQUAL(120, Backoff::delaySeconds(2, 60));
        CPPUNIT_ASSERT_EQUAL(240, Backoff::delaySeconds(3, 60));
        CPPUNIT_ASSERT_EQUAL(3600, Backoff::delaySeconds(8, 60));
        CPPUNIT_ASSERT_EQUAL(3600, Backoff::delaySeconds(1000, 60));
        CPPUNIT_ASSERT_EQUAL(1, Backoff::delaySeconds(1, 1));
        CPPUNIT_ASSERT_EQUAL(8, Backoff::delaySeconds(4, 1));
    }

    void backoffGivesUpAfterTwoDays() {
        // At least a day of attempts: with a one-hour cap that is dozens of tries.
        CPPUNIT_ASSERT(!Backoff::givesUp(86400, 3600));
        CPPUNIT_ASSERT(!Backoff::givesUp(2 * 86400 - 3600, 3600));
        CPPUNIT_ASSERT(Backoff::givesUp(2 * 86400 - 3599, 3600));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LettersTest);
