// Recovery codes (security review, issue 10): at least 80 bits in their format, kept
// as a salted HMAC rather than a plain SHA-256 that one dump could test for every user
// in one pass, each usable once; codes stored the old way keep working until used.
#include <cppunit/extensions/HelperMacros.h>
#include <openssl/sha.h>

#include <cmath>
#include <string>
#include <vector>

#include "ItAdmin.h"
#include "StatusItHelpers.h"

using ta::test::HttpClient;
using ta::test::HttpResponse;
using ta::test::ItAdmin;
using ta::test::ItEnv;
using ta::test::StatusItHelpers;
using ta::test::StatusUser;

namespace {
std::string sha256Hex(const std::string& s) {
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), md);
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (unsigned char b : md) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 15]);
    }
    return out;
}

// The code as the user may type it: without dashes, lower case.
std::string bare(const std::string& code) {
    std::string out;
    for (char c : code)
        if (c != '-') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    return out;
}
}  // namespace

class RecoveryCodeStorageIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RecoveryCodeStorageIT);
    CPPUNIT_TEST(codesHaveAtLeast80Bits);
    CPPUNIT_TEST(storedValueIsNotSha256OfTheCode);
    CPPUNIT_TEST(aCodeWorksOnce);
    CPPUNIT_TEST(oldSha256CodesWorkUntilUsed);
    CPPUNIT_TEST_SUITE_END();

public:
    void codesHaveAtLeast80Bits() {
        Enabled e = enable();
        // The alphabet the product documents: digits 2-9 and a-z without i, l, o.
        const std::string alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
        for (const auto& c : e.codes) {
            std::string n = bare(c);
            TA_ASSERT("only the documented alphabet: " + c,
                      n.find_first_not_of(alphabet) == std::string::npos);
            double bits = n.size() * std::log2(alphabet.size());
            TA_ASSERT(c + " carries " + std::to_string(bits) + " bits", bits >= 80.0);
        }
    }

    void storedValueIsNotSha256OfTheCode() {
        Enabled e = enable();
        std::string stored = storedOf(e.user);
        TA_ASSERT("ten salted codes stored:\n" + stored, occurrences(stored, "s1$") == 10);
        for (const auto& c : e.codes) {
            TA_ASSERT("sha256(" + c + ") is stored:\n" + stored,
                      stored.find(sha256Hex(bare(c))) == std::string::npos);
            TA_ASSERT("the code itself is stored:\n" + stored,
                      stored.find(bare(c)) == std::string::npos);
        }
    }

    void aCodeWorksOnce() {
        Enabled e = enable();
        STATUS_ASSERT_CODE(200, StatusItHelpers::signInTotp(client_, e.user.username,
                                                            e.user.password, e.codes[0]));
        STATUS_ASSERT_MESSAGE(
            401, "Invalid 2FA token",
            StatusItHelpers::signInTotp(client_, e.user.username, e.user.password, e.codes[0]));
        // Typed without dashes and in upper case, another code works (once too).
        std::string typed = bare(e.codes[1]);
        for (char& ch : typed) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        STATUS_ASSERT_CODE(
            200, StatusItHelpers::signInTotp(client_, e.user.username, e.user.password, typed));
        STATUS_ASSERT_MESSAGE(
            401, "Invalid 2FA token",
            StatusItHelpers::signInTotp(client_, e.user.username, e.user.password, e.codes[1]));
    }

    // A row written before salting: SHA-256 hex of the 12-character code.
    void oldSha256CodesWorkUntilUsed() {
        Enabled e = enable();
        const std::string old = "k7m2-x9qp-4tdw";
        ItAdmin::psql("INSERT INTO tenant_alpha.recovery_codes (user_id, code_hash) SELECT id, '" +
                      sha256Hex(bare(old)) + "' FROM tenant_alpha.users WHERE username = '" +
                      e.user.username + "'");
        STATUS_ASSERT_CODE(
            200, StatusItHelpers::signInTotp(client_, e.user.username, e.user.password, old));
        STATUS_ASSERT_MESSAGE(
            401, "Invalid 2FA token",
            StatusItHelpers::signInTotp(client_, e.user.username, e.user.password, old));
    }

private:
    struct Enabled {
        StatusUser user;
        std::vector<std::string> codes;
    };

    static int occurrences(const std::string& s, const std::string& what) {
        int n = 0;
        for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
        return n;
    }

    static std::string storedOf(const StatusUser& u) {
        return ItAdmin::psql(
            "SELECT r.code_hash FROM tenant_alpha.recovery_codes r JOIN tenant_alpha.users u ON "
            "u.id = r.user_id WHERE u.username = '" +
            u.username + "' ORDER BY 1");
    }

    // An ADMIN of alpha with 2FA on, and its ten recovery codes.
    Enabled enable() {
        Enabled e;
        e.user = StatusItHelpers::createUser(client_, "ADMIN");
        HttpResponse setup =
            client_.send("POST", "/api/v1/users/2fa/setup", ItEnv::auth(e.user.accessToken));
        STATUS_ASSERT_CODE(200, setup);
        std::string raw = StatusItHelpers::base32Decode(setup.jsonString("secret"));
        std::string code = StatusItHelpers::codeAt(raw, StatusItHelpers::freshStep());
        HttpResponse r = client_.postJson("/api/v1/users/2fa/verify",
                                          "{\"totpToken\":" + ItEnv::quote(code) + "}",
                                          ItEnv::auth(e.user.accessToken));
        STATUS_ASSERT_CODE(200, r);
        auto list = r.json()->getArray("recoveryCodes");
        TA_ASSERT("recoveryCodes: " + r.body, !list.isNull() && list->size() == 10);
        for (size_t i = 0; i < list->size(); ++i)
            e.codes.push_back(list->getElement<std::string>(i));
        return e;
    }

    HttpClient client_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(RecoveryCodeStorageIT);
