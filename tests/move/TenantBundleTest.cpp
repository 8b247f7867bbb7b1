#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <stdexcept>

#include "move/TenantBundle.h"
#include "move/TenantImport.h"

using ta::move::TenantBundle;
using ta::move::TenantImport;
using ta::util::PassphraseBox;

class TenantBundleTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(TenantBundleTest);
    CPPUNIT_TEST(keyFileBundleRoundTrips);
    CPPUNIT_TEST(passphraseBundleRoundTrips);
    CPPUNIT_TEST(headLeavesTheStreamAtTheArchive);
    CPPUNIT_TEST(badFilesAreRefused);
    CPPUNIT_TEST(listingOfTheSchemaOnlyPasses);
    CPPUNIT_TEST(listingWithOtherSchemasIsCaught);
    CPPUNIT_TEST_SUITE_END();

    static TenantBundle sample() {
        TenantBundle b;
        b.exportedAt = "2024-01-15 10:30:00.123456+00";
        b.pgDumpVersion = "15.18";
        b.schema = "tenant_acme";
        b.migrations = {"001_init", "002_control_plane"};
        b.id = "608d2c35-2108-4f0b-88b5-4f60420a6aa0";
        b.slug = "acme";
        b.name = "Acme \"Inc\"\n";
        b.disabled = true;
        b.settingsJson = "{\"bcryptCost\":11,\"smtp\":{\"password\":\"sealed\"}}";
        b.createdAt = "2024-01-01 00:00:00+00";
        b.updatedAt = "2024-01-02 00:00:00+00";
        b.hosts = {"acme.test", "www.acme.test"};
        b.keys = {{"k1", "s1", "2024-01-01 00:00:00+00", std::string("2024-01-02 00:00:00+00")},
                  {"k2", "s2", "2024-01-02 00:00:00+00", std::nullopt}};
        b.mailDueAt = "2024-01-03 00:00:00+00";
        return b;
    }

    static std::string head(const TenantBundle& b) {
        std::ostringstream out;
        b.writeHead(out);
        return out.str();
    }

public:
    void keyFileBundleRoundTrips() {
        TenantBundle b = TenantBundle::fromManifest(sample().manifestJson());
        CPPUNIT_ASSERT_EQUAL(sample().manifestJson(), b.manifestJson());
        CPPUNIT_ASSERT_EQUAL(std::string("Acme \"Inc\"\n"), b.name);
        CPPUNIT_ASSERT(b.disabled);
        CPPUNIT_ASSERT(!b.keys[1].retiredAt);
        CPPUNIT_ASSERT_EQUAL(std::string("2024-01-02 00:00:00+00"), *b.keys[0].retiredAt);
        CPPUNIT_ASSERT(!b.sealedByPassphrase());
        CPPUNIT_ASSERT(b.secrets.empty());
    }

    void passphraseBundleRoundTrips() {
        TenantBundle b = sample();
        b.keyMode = "passphrase";
        b.kdf = PassphraseBox::freshParams();
        b.check = std::string("\x01\x02\xff", 3);
        b.secrets = {{"signing_key", "k1", std::string("\0raw", 4)}, {"totp_secret", "u1", "raw2"}};
        TenantBundle r = TenantBundle::fromManifest(b.manifestJson());
        CPPUNIT_ASSERT(r.sealedByPassphrase());
        CPPUNIT_ASSERT_EQUAL(b.kdf.n, r.kdf.n);
        CPPUNIT_ASSERT(b.kdf.salt == r.kdf.salt);
        CPPUNIT_ASSERT(b.check == r.check);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.secrets.size());
        CPPUNIT_ASSERT(r.secrets[0].sealed == std::string("\0raw", 4));
        CPPUNIT_ASSERT_EQUAL(std::string("totp_secret:u1"), r.secrets[1].aad());
    }

    void headLeavesTheStreamAtTheArchive() {
        std::istringstream in(head(sample()) + "PGDMP\nbinary\n");
        TenantBundle b = TenantBundle::readHead(in);
        CPPUNIT_ASSERT_EQUAL(std::string("acme"), b.slug);
        std::string rest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        CPPUNIT_ASSERT_EQUAL(std::string("PGDMP\nbinary\n"), rest);
    }

    void badFilesAreRefused() {
        auto refused = [](const std::string& text) {
            std::istringstream in(text);
            try {
                TenantBundle::readHead(in);
            } catch (const std::runtime_error& e) {
                return std::string(e.what()).find("not a usable tenant export") == 0;
            }
            return false;
        };
        CPPUNIT_ASSERT(refused("PGDMP..."));
        CPPUNIT_ASSERT(refused("tenantauth-tenant-export 2\n{}\n"));
        CPPUNIT_ASSERT(refused("tenantauth-tenant-export 1\n{\"exportedAt\":"));
        CPPUNIT_ASSERT(refused("tenantauth-tenant-export 1\n[]\nPGDMP"));
        std::string good = head(sample());
        CPPUNIT_ASSERT(!refused(good + "PGDMP"));
        // Edited to another schema than the slug's, another slug, a host of another form.
        auto edited = [&](const std::string& from, const std::string& to) {
            std::string t = good;
            t.replace(t.find(from), from.size(), to);
            return t + "PGDMP";
        };
        CPPUNIT_ASSERT(refused(edited("\"schema\":\"tenant_acme\"", "\"schema\":\"tenantauth\"")));
        CPPUNIT_ASSERT(refused(edited("\"slug\":\"acme\"", "\"slug\":\"Acme\"")));
        CPPUNIT_ASSERT(refused(edited("\"www.acme.test\"", "\"www acme\"")));
        CPPUNIT_ASSERT(refused(edited("\"keys\":\"keyfile\"", "\"keys\":\"plain\"")));
        TenantBundle weak = sample();
        weak.keyMode = "passphrase";
        weak.kdf = PassphraseBox::freshParams();
        weak.kdf.n = 1 << 30;  // a crafted file asking for 128 GiB
        CPPUNIT_ASSERT(refused(head(weak)));
    }

    void listingOfTheSchemaOnlyPasses() {
        const std::string listing =
            ";\n; Archive created at 2026-12-02 08:09:46 UTC\n;\n"
            "7; 2615 16462 SCHEMA - tenant_acme postgres\n"
            "228; 1259 16535 TABLE tenant_acme api_keys postgres\n"
            "3562; 0 0 SEQUENCE OWNED BY tenant_acme audit_events_id_seq postgres\n"
            "3545; 0 16535 TABLE DATA tenant_acme api_keys postgres\n"
            "3390; 2606 16541 CONSTRAINT tenant_acme api_keys api_keys_pkey postgres\n"
            "3400; 2606 16541 FK CONSTRAINT tenant_acme api_keys api_keys_user_id_fkey postgres\n";
        CPPUNIT_ASSERT(TenantImport::outsideSchema(listing, "tenant_acme").empty());
    }

    void listingWithOtherSchemasIsCaught() {
        const std::string listing =
            "7; 2615 16462 SCHEMA - tenant_acme postgres\n"
            "8; 2615 16463 SCHEMA - tenant_other postgres\n"
            "9; 1259 16535 TABLE tenantauth tenant_acme postgres\n"
            "10; 3079 1 EXTENSION - plpgsql\n"
            "11; 0 16535 TABLE DATA tenant_acme_x users postgres\n";
        auto out = TenantImport::outsideSchema(listing, "tenant_acme");
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), out.size());
        CPPUNIT_ASSERT_EQUAL(std::string("8; 2615 16463 SCHEMA - tenant_other postgres"), out[0]);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(TenantBundleTest);
