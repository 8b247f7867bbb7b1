// tenantauthctl tenant export / import: a tenant of this stack moves to a second
// PostgreSQL cluster with its own secret key file and daemon (tests/run's TA_C2_*), and
// its users, sessions, tokens and TOTP secrets work there; what must be refused writes
// nothing there.
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <mutex>
#include <string>

#include "../api/status/StatusItHelpers.h"
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
using ta::test::ItUser;
using ta::test::StatusItHelpers;

namespace {
const std::string kPassphrase = "move it, move it, 2024";

// A slug's host name: '_' is not allowed in one.
std::string hostOf(const std::string& slug) {
    std::string h = slug + ".test";
    for (char& c : h)
        if (c == '_') c = '-';
    return h;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
}

// Tenant A of this stack, with a user logged in (access and refresh token) and an admin
// with 2FA on, exported both ways before anything else happens to it; tenant B beside it.
struct Source {
    ItOwnTenant a;
    ItUser user;
    std::string totpRaw;
    std::string b;
    std::string passFile;
    std::string keyFile;
};
}  // namespace

class TenantMoveIT : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TenantMoveIT);
    CPPUNIT_TEST(testMovedTenantWorksOnTheOtherCluster);
    CPPUNIT_TEST(testImportingAgainIsRefused);
    CPPUNIT_TEST(testHostClashIsRefusedAndWritesNothing);
    CPPUNIT_TEST(testWrongPassphraseIsRefusedAndWritesNothing);
    CPPUNIT_TEST(testKeyFileExportNeedsTheSameKeyFile);
    CPPUNIT_TEST(testExportRefusals);
    CPPUNIT_TEST(testFailureAfterTheRestoreLeavesNoSchema);
    CPPUNIT_TEST_SUITE_END();

    static std::string file(const std::string& name) {
        return ItEnv::stateDir() + "/move-" + name + "-" + ItEnv::uniqueSuffix() + ".tenant";
    }

    static ItProcessResult c2(const std::string& args, const std::string& in = "") {
        return ItEnv::run(ItEnv::var("TA_C2_CTL") + " " + args, in);
    }

    static std::string c2sql(const std::string& sql, const std::string& dsn = "") {
        ItProcessResult r =
            ItEnv::run("psql " + ItAdmin::shellQuote(dsn.empty() ? ItEnv::var("TA_C2_DSN") : dsn) +
                       " -XAtqc " + ItAdmin::shellQuote(sql));
        if (r.exitCode != 0) throw std::runtime_error(r.describe());
        return trimmed(r.out);
    }

    // "schema rows": whether the tenant has a schema and control rows in the database.
    static std::string presence(const std::string& slug, const std::string& dsn = "") {
        return c2sql("SELECT (SELECT count(*) FROM pg_namespace WHERE nspname = 'tenant_" + slug +
                         "') || ' ' || (SELECT count(*) FROM tenantauth.tenants WHERE slug = '" +
                         slug + "')",
                     dsn);
    }

    static void exportOk(const std::string& args, const std::string& in = "") {
        ItProcessResult r = ItEnv::ctl("tenant export " + args, in);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
    }

    static void assertRefused(const ItProcessResult& r, const std::string& text) {
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 1, r.exitCode);
        TA_ASSERT("stderr says '" + text + "': " + r.describe(),
                  r.err.find(text) != std::string::npos &&
                      r.err.find("nothing was imported") != std::string::npos);
    }

    static Source& source() {
        static std::unique_ptr<Source> s;
        static std::mutex m;
        std::lock_guard<std::mutex> lock(m);
        if (s) return *s;
        // Made whole before it is kept: a failure here fails every test, not just the first.
        auto made = std::make_unique<Source>();
        Source* t = made.get();
        t->a = ItAdmin::makeTenant("mva");
        t->user = ItEnv::registerUser(t->a.host);
        // The admin turns 2FA on (a code of the step before, so the later login's is new).
        HttpClient http;
        HttpResponse setup = http.send("POST", "/api/v1/users/2fa/setup",
                                       ItEnv::auth(t->a.admin.accessToken), "", t->a.host);
        if (setup.status != 200) throw std::runtime_error(setup.describe());
        t->totpRaw = StatusItHelpers::base32Decode(setup.jsonString("secret"));
        std::int64_t step = StatusItHelpers::freshStep();
        HttpResponse verify = http.postJson(
            "/api/v1/users/2fa/verify",
            "{\"totpToken\":" + ItEnv::quote(StatusItHelpers::codeAt(t->totpRaw, step - 1)) + "}",
            ItEnv::auth(t->a.admin.accessToken), t->a.host);
        if (verify.status != 200) throw std::runtime_error(verify.describe());
        // A secret setting: sealed with cluster 1's key file, bound to the tenant.
        HttpResponse patch = ItAdmin::json("PATCH", "/api/admin/settings",
                                           "{\"smtp\":{\"password\":\"smtp-secret-1\"}}",
                                           t->a.admin.accessToken, t->a.host);
        if (patch.status != 200) throw std::runtime_error(patch.describe());
        t->b = ItEnv::uniqueSlug("mvb");
        ItProcessResult b = ItEnv::ctl("tenant add " + t->b + " --host " + hostOf(t->b));
        if (b.exitCode != 0) throw std::runtime_error(b.describe());
        t->passFile = file("pass");
        exportOk(t->a.slug + " --output " + t->passFile + " --passphrase-stdin",
                 kPassphrase + "\n");
        t->keyFile = file("key");
        exportOk(t->a.slug + " --output " + t->keyFile);
        s = std::move(made);
        return *s;
    }

    // Imports A (passphrase) once per process and waits until the daemon on cluster 2
    // knows it.
    static Source& moved() {
        static bool done = false;
        Source& s = source();
        if (done) return s;
        ItProcessResult r = c2("tenant import " + s.passFile + " --passphrase-stdin", kPassphrase);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        TA_ASSERT(r.describe(), r.out.find("tenant " + s.a.slug + " imported") == 0);
        HttpClient there(ItEnv::var("TA_C2_BASE_URL"));
        bool known = ItEnv::poll(10, [&] {
            return ItEnv::login(s.user.email, s.user.password, s.a.host, there).status == 200;
        });
        TA_ASSERT("the daemon on cluster 2 lets A's user in within 10 s", known);
        done = true;
        return s;
    }

public:
    void testMovedTenantWorksOnTheOtherCluster() {
        Source& s = moved();
        HttpClient there(ItEnv::var("TA_C2_BASE_URL"));
        // The old password (the login in moved() already passed); a wrong one is refused.
        TA_ASSERT_STATUS(401, ItEnv::login(s.user.email, s.user.password + "x", s.a.host, there));
        // The refresh token issued by cluster 1 before the export.
        HttpResponse refresh = there.send("POST", "/api/auth/refresh",
                                          ItEnv::refreshCookie(s.user.refreshToken), "", s.a.host);
        TA_ASSERT_STATUS(200, refresh);
        TA_ASSERT(refresh.body, !refresh.jsonString("accessToken").empty());
        // An access token signed on cluster 1 verifies: the same signing key, sealed again
        // under cluster 2's key file.
        HttpResponse me = there.get("/api/users/me", ItEnv::auth(s.user.accessToken), s.a.host);
        TA_ASSERT_STATUS(200, me);
        CPPUNIT_ASSERT_EQUAL(s.user.email,
                             me.json()->getObject("user")->getValue<std::string>("email"));
        // The admin's TOTP secret opens there: a current code lets them in, none does not.
        HttpResponse noCode = ItEnv::login(s.a.admin.email, s.a.admin.password, s.a.host, there);
        TA_ASSERT_STATUS(401, noCode);
        std::string code = StatusItHelpers::codeAt(s.totpRaw, StatusItHelpers::freshStep());
        HttpResponse withCode =
            there.postJson("/api/auth/login",
                           "{\"email\":" + ItEnv::quote(s.a.admin.email) +
                               ",\"password\":" + ItEnv::quote(s.a.admin.password) +
                               ",\"totpToken\":" + ItEnv::quote(code) + "}",
                           {}, s.a.host);
        TA_ASSERT_STATUS(200, withCode);
        // Only A came: no schema, no rows of B, nor of the stack's own tenants.
        CPPUNIT_ASSERT_EQUAL(std::string("1 1"), presence(s.a.slug));
        CPPUNIT_ASSERT_EQUAL(std::string("0 0"), presence(s.b));
        CPPUNIT_ASSERT_EQUAL(std::string("0 0"), presence("alpha"));
        CPPUNIT_ASSERT_EQUAL(std::string("0"),
                             c2sql("SELECT count(*) FROM tenantauth.tenant_hosts WHERE host IN ('" +
                                   s.b + ".test', 'alpha.test', 'beta.test')"));
        CPPUNIT_ASSERT_EQUAL(std::string("2"),
                             c2sql("SELECT count(*) FROM tenant_" + s.a.slug + ".users"));
        // The tenant's own role on cluster 2 owns its schema and everything in it.
        CPPUNIT_ASSERT_EQUAL(
            std::string("true 0"),
            c2sql("SELECT (n.nspowner::regrole::text = t.db_role)::text || ' ' || (SELECT "
                  "count(*) FROM pg_class c WHERE c.relnamespace = n.oid AND c.relowner <> "
                  "n.nspowner) FROM pg_namespace n, tenantauth.tenants t WHERE n.nspname = "
                  "'tenant_" +
                  s.a.slug + "' AND t.slug = '" + s.a.slug + "'"));
        // The SMTP password came, sealed again for cluster 2 (its value differs).
        std::string here = ItAdmin::psql(
            "SELECT settings->'smtp'->>'password' FROM "
            "tenantauth.tenants WHERE slug = '" +
            s.a.slug + "'");
        std::string there2 = c2sql(
            "SELECT settings->'smtp'->>'password' FROM "
            "tenantauth.tenants WHERE slug = '" +
            s.a.slug + "'");
        TA_ASSERT(here + " / " + there2,
                  !trimmed(here).empty() && !there2.empty() && trimmed(here) != there2);
    }

    void testImportingAgainIsRefused() {
        Source& s = moved();
        std::string before = c2sql("SELECT count(*) FROM tenant_" + s.a.slug + ".refresh_tokens");
        assertRefused(c2("tenant import " + s.passFile + " --passphrase-stdin", kPassphrase),
                      "a tenant '" + s.a.slug + "' already exists");
        CPPUNIT_ASSERT_EQUAL(std::string("1 1"), presence(s.a.slug));
        CPPUNIT_ASSERT_EQUAL(before,
                             c2sql("SELECT count(*) FROM tenant_" + s.a.slug + ".refresh_tokens"));
    }

    void testHostClashIsRefusedAndWritesNothing() {
        // D's host already belongs to another tenant over there.
        std::string d = ItEnv::uniqueSlug("mvd"), other = ItEnv::uniqueSlug("mvo");
        CPPUNIT_ASSERT_EQUAL(0, ItEnv::ctl("tenant add " + d + " --host " + hostOf(d)).exitCode);
        std::string f = file("d");
        exportOk(d + " --output " + f + " --passphrase-stdin", kPassphrase);
        ItProcessResult add = c2("tenant add " + other + " --host " + hostOf(d));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(add.describe(), 0, add.exitCode);
        assertRefused(c2("tenant import " + f + " --passphrase-stdin", kPassphrase),
                      "host " + hostOf(d) + " is already used by tenant '" + other + "'");
        CPPUNIT_ASSERT_EQUAL(std::string("0 0"), presence(d));
    }

    void testWrongPassphraseIsRefusedAndWritesNothing() {
        std::string e = ItEnv::uniqueSlug("mve");
        CPPUNIT_ASSERT_EQUAL(0, ItEnv::ctl("tenant add " + e + " --host " + hostOf(e)).exitCode);
        std::string f = file("e");
        exportOk(e + " --output " + f + " --passphrase-stdin", kPassphrase);
        assertRefused(c2("tenant import " + f + " --passphrase-stdin", kPassphrase + "!"),
                      "wrong passphrase");
        CPPUNIT_ASSERT_EQUAL(std::string("0 0"), presence(e));
        assertRefused(c2("tenant import " + f), "sealed under a passphrase");
        CPPUNIT_ASSERT_EQUAL(std::string("0 0"), presence(e));
        // The right one then works.
        ItProcessResult ok = c2("tenant import " + f + " --passphrase-stdin", kPassphrase);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(ok.describe(), 0, ok.exitCode);
        CPPUNIT_ASSERT_EQUAL(std::string("1 1"), presence(e));
    }

    void testKeyFileExportNeedsTheSameKeyFile() {
        Source& s = source();
        // Cluster 2's host has a key file of its own: the keys would not open there.
        std::string slug = s.a.slug;
        std::string fresh = ItEnv::uniqueSlug("mvk");
        CPPUNIT_ASSERT_EQUAL(
            0, ItEnv::ctl("tenant add " + fresh + " --host " + hostOf(fresh)).exitCode);
        std::string f = file("k");
        exportOk(fresh + " --output " + f);
        assertRefused(c2("tenant import " + f), "sealed with another secret key file");
        CPPUNIT_ASSERT_EQUAL(std::string("0 0"), presence(fresh));
        assertRefused(c2("tenant import " + f + " --passphrase-stdin", kPassphrase),
                      "import it without --passphrase-stdin");

        // A host with cluster 1's key file: another database on cluster 2, A as it was.
        std::string db = "same_" + ItEnv::uniqueSuffix();
        c2sql("CREATE DATABASE " + db);
        std::string dsn = ItEnv::var("TA_C2_DSN");
        dsn.replace(dsn.find("dbname=tenantauth"), 17, "dbname=" + db);
        std::string same = " --db " + ItAdmin::shellQuote(dsn) + " --secret-key-file " +
                           ItEnv::stateDir() + "/secret.key ";
        ItProcessResult m = c2(same + "migrate");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(m.describe(), 0, m.exitCode);
        ItProcessResult r = c2(same + "tenant import " + s.keyFile);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(r.describe(), 0, r.exitCode);
        ItProcessResult show = c2(same + "tenant show " + slug);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(show.describe(), 0, show.exitCode);
        // `tenant show` lists only keys that open with the key file.
        TA_ASSERT(show.out, show.out.find("(current)") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("2"),
                             c2sql("SELECT count(*) FROM tenant_" + slug + ".users", dsn));
        CPPUNIT_ASSERT_EQUAL(std::string("0 0"), presence(s.b, dsn));
    }

    void testExportRefusals() {
        Source& s = source();
        ItProcessResult exists = ItEnv::ctl("tenant export " + s.a.slug + " --output " + s.keyFile);
        CPPUNIT_ASSERT_EQUAL_MESSAGE(exists.describe(), 1, exists.exitCode);
        TA_ASSERT(exists.describe(),
                  exists.err.find("exists; not overwritten") != std::string::npos);
        ItProcessResult none = ItEnv::ctl("tenant export no_such_tenant --output " + file("none"));
        CPPUNIT_ASSERT_EQUAL_MESSAGE(none.describe(), 1, none.exitCode);
        TA_ASSERT(none.describe(),
                  none.err.find("no tenant 'no_such_tenant'") != std::string::npos);
        ItProcessResult shortPass = ItEnv::ctl(
            "tenant export " + s.a.slug + " --output " + file("short") + " --passphrase-stdin",
            "short\n");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(shortPass.describe(), 1, shortPass.exitCode);
        ItProcessResult notAFile = c2("tenant import /etc/hostname");
        CPPUNIT_ASSERT_EQUAL_MESSAGE(notAFile.describe(), 1, notAFile.exitCode);
        TA_ASSERT(notAFile.describe(),
                  notAFile.err.find("not a usable tenant export") != std::string::npos);
    }

    void testFailureAfterTheRestoreLeavesNoSchema() {
        // The control rows are written after pg_restore: make that write fail (a trigger
        // refusing this slug) and the restored schema must go again.
        std::string f = ItEnv::uniqueSlug("mvf");
        CPPUNIT_ASSERT_EQUAL(0, ItEnv::ctl("tenant add " + f + " --host " + hostOf(f)).exitCode);
        std::string path = file("f");
        exportOk(f + " --output " + path + " --passphrase-stdin", kPassphrase);
        c2sql("CREATE FUNCTION tenantauth.refuse_" + f +
              "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.slug = '" + f +
              "' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$; "
              "CREATE TRIGGER refuse_" +
              f +
              " BEFORE INSERT ON tenantauth.tenants FOR EACH ROW "
              "EXECUTE FUNCTION tenantauth.refuse_" +
              f + "()");
        ItProcessResult r = c2("tenant import " + path + " --passphrase-stdin", kPassphrase);
        c2sql("DROP TRIGGER refuse_" + f +
              " ON tenantauth.tenants; DROP FUNCTION tenantauth.refuse_" + f + "()");
        assertRefused(r, "refused by the test");
        CPPUNIT_ASSERT_EQUAL(std::string("0 0"), presence(f));
        CPPUNIT_ASSERT_EQUAL(
            std::string("0"),
            c2sql("SELECT count(*) FROM tenantauth.tenant_hosts WHERE host = '" + hostOf(f) + "'"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TenantMoveIT);
