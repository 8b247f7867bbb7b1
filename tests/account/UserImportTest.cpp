#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>
#include <string>

#include "account/UserImport.h"

using ta::account::ImportRecord;
using ta::account::UserImport;

class UserImportTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(UserImportTest);
    CPPUNIT_TEST(readsEveryField);
    CPPUNIT_TEST(onlyEmailIsRequired);
    CPPUNIT_TEST(refusesWithTheReason);
    CPPUNIT_TEST(timestamps);
    CPPUNIT_TEST_SUITE_END();

    static std::string why(const std::string& line) {
        try {
            UserImport::parseLine(line);
        } catch (const std::invalid_argument& e) {
            return e.what();
        }
        return "(accepted)";
    }

public:
    void readsEveryField() {
        ImportRecord r = UserImport::parseLine(
            R"({"email":"o'brien@example.com","username":"obrien","full_name":"Pat O'Brien",)"
            R"("authority":"DEVELOPER","email_verified":true,"created_at":"2024-03-01T12:34:56.789Z",)"
            R"("password_hash":"$2y$10$abcdefghijklmnopqrstuuCj7fyLDJytXL.TfOiOeiv0fQvSOK1/2"})");
        CPPUNIT_ASSERT_EQUAL(std::string("o'brien@example.com"), r.user.email);
        CPPUNIT_ASSERT_EQUAL(std::string("obrien"), *r.user.username);
        CPPUNIT_ASSERT_EQUAL(std::string("Pat O'Brien"), *r.user.fullName);
        CPPUNIT_ASSERT_EQUAL(std::string("DEVELOPER"), r.user.authority);
        CPPUNIT_ASSERT(r.emailVerified);
        CPPUNIT_ASSERT_EQUAL(std::string("2024-03-01T12:34:56.789Z"), *r.createdAt);
        CPPUNIT_ASSERT_EQUAL(std::string("$2y$10$"), r.user.passwordHash.substr(0, 7));
    }

    void onlyEmailIsRequired() {
        ImportRecord r = UserImport::parseLine(R"({"email":"a@example.com","username":null})");
        CPPUNIT_ASSERT(!r.user.username);
        CPPUNIT_ASSERT_EQUAL(std::string("USER"), r.user.authority);
        CPPUNIT_ASSERT(!r.emailVerified);
        CPPUNIT_ASSERT(!r.createdAt);
        CPPUNIT_ASSERT(r.user.passwordHash.empty());
    }

    void refusesWithTheReason() {
        CPPUNIT_ASSERT_EQUAL(std::string("not a JSON object"), why("{\"email\":"));
        CPPUNIT_ASSERT_EQUAL(std::string("not a JSON object"), why("[1]"));
        CPPUNIT_ASSERT_EQUAL(std::string("email is required"), why("{}"));
        CPPUNIT_ASSERT_EQUAL(std::string("email is not a valid email address"),
                             why(R"({"email":"nobody"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("passwordHash is not a known field"),
                             why(R"({"email":"a@example.com","passwordHash":"x"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("password_hash must be a bcrypt hash ($2a$, $2b$ or $2y$)"),
            why(R"({"email":"a@example.com","password_hash":"$1$abc$def"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("authority must be USER, DEVELOPER or ADMIN"),
                             why(R"({"email":"a@example.com","authority":"ROOT"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("email_verified must be a boolean"),
                             why(R"({"email":"a@example.com","email_verified":"yes"})"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("username must be 1 to 64 letters, digits, '.', '_' or '-'"),
            why(R"({"email":"a@example.com","username":"a b"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("email must not contain NUL characters"),
                             why(R"({"email":"a@example.com\u0000x"})"));
        CPPUNIT_ASSERT_EQUAL(std::string("full_name must be a string"),
                             why(R"({"email":"a@example.com","full_name":5})"));
    }

    void timestamps() {
        for (const char* ok : {"2024-03-01T12:34:56Z", "2024-03-01T12:34:56.789Z",
                               "2024-03-01 12:34:56+02:00", "2024-12-31T23:59:59.123456-0530"})
            CPPUNIT_ASSERT_MESSAGE(ok, UserImport::validTimestamp(ok));
        for (const char* bad : {"2024-03-01", "2024-13-01T00:00:00Z", "2024-03-01T12:34:56",
                                "yesterday", "2024-03-01T24:00:00Z", "2024-03-01T12:34:56Z; DROP"})
            CPPUNIT_ASSERT_MESSAGE(bad, !UserImport::validTimestamp(bad));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(UserImportTest);
