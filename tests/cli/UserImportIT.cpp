// tenantauthctl user import: JSON lines from another service's users (bcrypt hashes
// of other variants and costs) into a tenant of the suite's own; the users then log
// in on both APIs with their old passwords and their hashes become the tenant's.
#include <cppunit/extensions/HelperMacros.h>
#include <crypt.h>

#include <fstream>
#include <stdexcept>
#include <string>

#include "HttpClient.h"
#include "ItAdmin.h"
#include "ItAssert.h"
#include "ItEnv.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::ItOwnTenant;
using ta::test::ItProcessResult;

class UserImportIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(UserImportIT);
    CPPUNIT_TEST(testImportedUsersLogInAndAreRehashed);
    CPPUNIT_TEST(testAnInvalidLineImportsNothing);
    CPPUNIT_TEST(testSkipInvalidImportsTheRest);
    CPPUNIT_TEST(testImportingTwiceChangesNothing);
    CPPUNIT_TEST(testDearerHashesRaiseTheTenantCost);  // last: it changes the tenant's cost
    CPPUNIT_TEST_SUITE_END();

    HttpClient http;

    static ItOwnTenant& tenant() { return ItAdmin::tenantOnce("import"); }

    // A bcrypt hash as another system wrote it: prefix "$2a$" or "$2y$".
    static std::string bcrypt(const char* prefix, int cost, const std::string& password) {
        char salt[CRYPT_GENSALT_OUTPUT_SIZE];
        std::string rnd = "0123456789abcdef";
        if (!crypt_gensalt_rn(prefix, static_cast<unsigned long>(cost), rnd.data(), 16, salt,
                              sizeof salt))
            throw std::runtime_error("crypt_gensalt_rn failed");
        crypt_data data{};
        std::string out = crypt_r(password.c_str(), salt, &data);
        if (out.compare(0, 4, prefix) != 0) throw std::runtime_error("no " + std::string(prefix));
        return out;
    }

    static std::string writeFile(const std::string& text) {
        std::string path = ItEnv::stateDir() + "/import-" + ItEnv::uniqueSuffix() + ".jsonl";
        std::ofstream(path) << text;
        return path;
    }

    static ItProcessResult import(const std::string& path, const std::string& extra = "") {
        return ItEnv::ctl("user import --tenant " + tenant().slug + " " + path + extra);
    }

    static std::string sql(const std::string& query) {
        std::string out = ItAdmin::psql(query);
        while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
        return out;
    }
    static std::string storedHash(const std::string& email) {
        return sql("SELECT password_hash FROM tenant_" + tenant().slug + ".users WHERE email = '" +
                   email + "'");
    }
    static std::string countOf(const std::string& email) {
        return sql("SELECT count(*) FROM tenant_" + tenant().slug + ".users WHERE email = '" +
                   email + "'");
    }

    static std::string line(const std::string& email, const std::string& rest) {
        return "{\"email\":" + ItEnv::quote(email) + rest + "}\n";
    }

    static std::string tenantCost() {
        return sql(
            "SELECT coalesce(settings->>'bcryptCost', '12') FROM tenantauth.tenants "
            "WHERE slug = '" +
            tenant().slug + "'");
    }

public:
    void testDearerHashesRaiseTheTenantCost() {
        // A login for an unknown email checks a dummy at the tenant's cost: it must cost
        // as much as one for a user whose imported hash is dearer.
        std::string hash = bcrypt("$2a$", 13, "dear password");
        ItProcessResult r = import(
            writeFile(line(ItEnv::uniqueEmail("dear"), ",\"password_hash\":\"" + hash + "\"")),
            " --keep-cost");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        TA_ASSERT(r.describe(),
                  r.err.find("cost more than the tenant's bcryptCost") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("12"), tenantCost());
        r = import(
            writeFile(line(ItEnv::uniqueEmail("dear"), ",\"password_hash\":\"" + hash + "\"")));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        TA_ASSERT(r.describe(),
                  r.out.find("raised the tenant's bcryptCost from 12 to 13") != std::string::npos);
        TA_ASSERT(r.describe(), r.err.empty());
        CPPUNIT_ASSERT_EQUAL(std::string("13"), tenantCost());
    }

    void testImportedUsersLogInAndAreRehashed() {
        std::string a = ItEnv::uniqueEmail("php"), y = ItEnv::uniqueEmail("node");
        std::string name = "imp" + ItEnv::uniqueSuffix();
        std::string file =
            writeFile(line(a, ",\"password_hash\":\"" + bcrypt("$2a$", 10, "old password a") +
                                  "\",\"full_name\":\"Ada\",\"email_verified\":true,"
                                  "\"created_at\":\"2023-05-06T07:08:09.123Z\"") +
                      "\n" +  // blank lines are skipped
                      line(y, ",\"username\":\"" + name +
                                  "\",\"authority\":\"DEVELOPER\",\"password_hash\":\"" +
                                  bcrypt("$2y$", 11, "old password y") + "\""));
        ItProcessResult r = import(file);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        TA_ASSERT(r.describe(), r.out.find("imported 2, already present 0, invalid 0") == 0);

        const std::string host = tenant().host;
        HttpResponse login = ItEnv::login(a, "old password a", host);
        TA_ASSERT_STATUS(200, login);
        HttpResponse me =
            http.get("/api/users/me", ItEnv::auth(login.jsonString("accessToken")), host);
        TA_ASSERT_STATUS(200, me);
        auto user = me.json()->getObject("user");
        CPPUNIT_ASSERT_EQUAL(std::string("Ada"), user->getValue<std::string>("full_name"));
        CPPUNIT_ASSERT(user->getValue<bool>("email_verified"));
        CPPUNIT_ASSERT_EQUAL(std::string("2023-05-06T07:08:09.123Z"),
                             user->getValue<std::string>("created_at"));
        // Re-hashed at that login: $2b$ at the tenant's cost (12 by default).
        TA_ASSERT("stored hash of " + a, storedHash(a).compare(0, 7, "$2b$12$") == 0);
        TA_ASSERT_STATUS(200, ItEnv::login(a, "old password a", host));
        TA_ASSERT_STATUS(401, ItEnv::login(a, "old password b", host));

        // The $2y$ user on the STATUS API, by username.
        HttpResponse v1 = http.postJson(
            "/api/v1/users/signIn",
            "{\"username\":\"" + name + "\",\"password\":\"old password y\"}", {}, host);
        TA_ASSERT_STATUS(200, v1);
        CPPUNIT_ASSERT_EQUAL(std::string("DEVELOPER"), v1.jsonString("authority"));
        TA_ASSERT("stored hash of " + y, storedHash(y).compare(0, 7, "$2b$12$") == 0);
    }

    void testAnInvalidLineImportsNothing() {
        std::string good = ItEnv::uniqueEmail("good");
        std::string file = writeFile(line(good, "") + line("not-an-email", "") +
                                     line(ItEnv::uniqueEmail("x"), ",\"passwordHash\":\"x\""));
        ItProcessResult r = import(file);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 1, r.exitCode);
        TA_ASSERT(r.describe(),
                  r.err.find("line 2: email is not a valid email address") != std::string::npos);
        TA_ASSERT(r.describe(),
                  r.err.find("line 3: passwordHash is not a known field") != std::string::npos);
        TA_ASSERT(r.describe(), r.err.find("nothing imported") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("0"), countOf(good));
    }

    void testSkipInvalidImportsTheRest() {
        std::string good = ItEnv::uniqueEmail("kept");
        // A username another user holds is refused like a malformed line.
        std::string taken = "tk" + ItEnv::uniqueSuffix();
        std::string file =
            writeFile(line(ItEnv::uniqueEmail("first"), ",\"username\":\"" + taken + "\"") +
                      line(ItEnv::uniqueEmail("second"), ",\"username\":\"" + taken + "\"") +
                      "{\"email\": 5}\n" + line(good, ",\"email_verified\":false"));
        ItProcessResult r = import(file, " --skip-invalid");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        TA_ASSERT(r.describe(),
                  r.out.find("imported 2, already present 0, invalid 2 (skipped)") == 0);
        TA_ASSERT(r.describe(), r.err.find("line 3: email must be a string") != std::string::npos);
        TA_ASSERT(r.describe(), r.err.find("line 2: username " + taken +
                                           " belongs to another user") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("1"), countOf(good));
    }

    void testImportingTwiceChangesNothing() {
        std::string email = ItEnv::uniqueEmail("twice");
        std::string file = writeFile(
            line(email, ",\"password_hash\":\"" + bcrypt("$2a$", 5, "first pass") + "\"") +
            line(email, ",\"password_hash\":\"" + bcrypt("$2a$", 5, "second pass") + "\""));
        ItProcessResult r = import(file);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        TA_ASSERT(r.describe(), r.out.find("imported 1, already present 1, invalid 0") == 0);
        std::string hash = storedHash(email);
        r = import(file);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        TA_ASSERT(r.describe(), r.out.find("imported 0, already present 2, invalid 0") == 0);
        CPPUNIT_ASSERT_EQUAL(hash, storedHash(email));
        TA_ASSERT_STATUS(200, ItEnv::login(email, "first pass", tenant().host));
        TA_ASSERT_STATUS(401, ItEnv::login(email, "second pass", tenant().host));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(UserImportIT);
