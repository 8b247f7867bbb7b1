#include <Poco/JSON/Parser.h>
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

#include "domain/Refusal.h"
#include "tenant/TenantSettings.h"

using ta::domain::Refusal;
using ta::tenant::TenantSettings;

class TenantSettingsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TenantSettingsTest);
    CPPUNIT_TEST(publicShapeIsApiMd);
    CPPUNIT_TEST(patchMergesAndReportsChanges);
    CPPUNIT_TEST(patchRefusesNamingTheKey);
    CPPUNIT_TEST(secretsAreSealedMaskedAndKept);
    CPPUNIT_TEST(storedFormRoundTrips);
    CPPUNIT_TEST_SUITE_END();

    static Poco::JSON::Object::Ptr obj(const std::string& json) {
        return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    }
    static std::string text(const Poco::JSON::Object::Ptr& o) {
        std::ostringstream out;
        o->stringify(out);
        return out.str();
    }
    static TenantSettings::Sealer sealer() {
        return [](const std::string& path, const std::string& plain) {
            return "sealed(" + path + "," + plain + ")";
        };
    }
    static std::string refusal(const TenantSettings& s, const std::string& patch,
                               bool development = false) {
        std::vector<std::string> changed;
        try {
            s.patched(*obj(patch), development, sealer(), changed);
        } catch (const Refusal& e) {
            return e.message();
        }
        return "accepted";
    }

public:
    void publicShapeIsApiMd() {
        std::string got = text(TenantSettings().toPublicJson());
        std::string want =
            "{\"accessTokenTtl\":900,\"refreshTokenTtl\":2592000,\"refreshReuseGraceSeconds\":0,"
            "\"maxSessionAge\":7776000,\"bcryptCost\":12,\"twofaSetup\":"
            "\"ADMIN\","
            "\"loginLockout\":{\"maxFailures\":10,\"windowSeconds\":900,\"lockSeconds\":900},"
            "\"urls\":{\"resetPassword\":\"\",\"verifyEmail\":\"\",\"oauthSuccess\":\"\"},"
            "\"smtp\":{\"host\":\"localhost\",\"port\":25,\"starttls\":false,\"username\":\"\","
            "\"password\":\"\","
            "\"from\":\"no-reply@example.com\"},"
            "\"github\":{\"clientId\":\"\",\"clientSecret\":\"\",\"redirectUri\":\"\","
            "\"authorizeUrl\":\"https://github.com/login/oauth/authorize\","
            "\"tokenUrl\":\"https://github.com/login/oauth/access_token\",\"apiUrl\":\"https://"
            "api.github.com\"},"
            "\"google\":{\"clientId\":\"\",\"clientSecret\":\"\",\"redirectUri\":\"\","
            "\"authorizeUrl\":\"https://accounts.google.com/o/oauth2/v2/auth\","
            "\"tokenUrl\":\"https://oauth2.googleapis.com/token\","
            "\"userinfoUrl\":\"https://openidconnect.googleapis.com/v1/userinfo\"}}";
        CPPUNIT_ASSERT_EQUAL(want, got);
    }

    void patchMergesAndReportsChanges() {
        std::vector<std::string> changed;
        TenantSettings s = TenantSettings().patched(
            *obj(
                "{\"loginLockout\":{\"maxFailures\":5},\"bcryptCost\":12,\"smtp\":{\"port\":587}}"),
            false, sealer(), changed);
        CPPUNIT_ASSERT_EQUAL(5, s.lockoutMaxFailures);
        CPPUNIT_ASSERT_EQUAL(900, s.lockoutWindowSeconds);
        CPPUNIT_ASSERT_EQUAL(587, s.smtpPort);
        CPPUNIT_ASSERT_EQUAL(size_t(2), changed.size());
        CPPUNIT_ASSERT_EQUAL(std::string("loginLockout.maxFailures"), changed[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("smtp.port"), changed[1]);
    }

    void patchRefusesNamingTheKey() {
        TenantSettings s;
        CPPUNIT_ASSERT_EQUAL(std::string("nope is not a setting"), refusal(s, "{\"nope\":1}"));
        CPPUNIT_ASSERT_EQUAL(std::string("smtp.bogus is not a setting"),
                             refusal(s, "{\"smtp\":{\"bogus\":1}}"));
        CPPUNIT_ASSERT_EQUAL(std::string("smtp must be an object"), refusal(s, "{\"smtp\":5}"));
        CPPUNIT_ASSERT_EQUAL(std::string("bcryptCost must be an integer from 10 to 15"),
                             refusal(s, "{\"bcryptCost\":4}"));
        CPPUNIT_ASSERT_EQUAL(std::string("accepted"), refusal(s, "{\"bcryptCost\":4}", true));
        CPPUNIT_ASSERT_EQUAL(std::string("bcryptCost must be an integer from 4 to 15"),
                             refusal(s, "{\"bcryptCost\":16}", true));
        CPPUNIT_ASSERT_EQUAL(std::string("accessTokenTtl must be an integer from 60 to 86400"),
                             refusal(s, "{\"accessTokenTtl\":\"900\"}"));
        CPPUNIT_ASSERT_EQUAL(std::string("accessTokenTtl must be an integer from 60 to 86400"),
                             refusal(s, "{\"accessTokenTtl\":90.5}"));
        CPPUNIT_ASSERT_EQUAL(std::string("twofaSetup must be ADMIN or ALL"),
                             refusal(s, "{\"twofaSetup\":\"x\"}"));
        CPPUNIT_ASSERT_EQUAL(std::string("smtp.starttls must be true or false"),
                             refusal(s, "{\"smtp\":{\"starttls\":1}}"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("urls.resetPassword must be an http:// or https:// URL, or empty"),
            refusal(s, "{\"urls\":{\"resetPassword\":\"javascript:alert(1)\"}}"));
        CPPUNIT_ASSERT_EQUAL(
            std::string("loginLockout.maxFailures must be an integer from 1 to 1000"),
            refusal(s, "{\"loginLockout\":{\"maxFailures\":0}}"));
        // Nothing of a refused patch applies: it is all or nothing.
        CPPUNIT_ASSERT_EQUAL(12, s.bcryptCost);
    }

    void secretsAreSealedMaskedAndKept() {
        std::vector<std::string> changed;
        TenantSettings s = TenantSettings().patched(*obj("{\"smtp\":{\"password\":\"hunter2\"}}"),
                                                    false, sealer(), changed);
        CPPUNIT_ASSERT_EQUAL(std::string("sealed(smtp.password,hunter2)"), s.smtpPassword);
        std::string shown = text(s.toPublicJson());
        CPPUNIT_ASSERT(shown.find("hunter2") == std::string::npos);
        CPPUNIT_ASSERT(shown.find("\"password\":\"********\"") != std::string::npos);
        // GET's mask sent back leaves the secret as it was; "" clears it.
        changed.clear();
        TenantSettings same =
            s.patched(*obj("{\"smtp\":{\"password\":\"********\"}}"), false, sealer(), changed);
        CPPUNIT_ASSERT_EQUAL(s.smtpPassword, same.smtpPassword);
        CPPUNIT_ASSERT(changed.empty());
        TenantSettings cleared =
            s.patched(*obj("{\"smtp\":{\"password\":\"\"}}"), false, sealer(), changed);
        CPPUNIT_ASSERT_EQUAL(std::string(), cleared.smtpPassword);
    }

    void storedFormRoundTrips() {
        std::vector<std::string> changed;
        TenantSettings s =
            TenantSettings().patched(*obj("{\"twofaSetup\":\"ALL\",\"github\":{\"clientId\":"
                                          "\"abc\",\"clientSecret\":\"s\"}}"),
                                     false, sealer(), changed);
        TenantSettings back = TenantSettings::fromJson(s.toStoredJson());
        CPPUNIT_ASSERT_EQUAL(std::string("ALL"), back.twofaSetup);
        CPPUNIT_ASSERT_EQUAL(std::string("abc"), back.githubClientId);
        CPPUNIT_ASSERT_EQUAL(s.githubClientSecret, back.githubClientSecret);
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(TenantSettingsTest);
