#include <cppunit/extensions/HelperMacros.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "util/Random.h"
#include "util/SecretBox.h"

using ta::util::Random;
using ta::util::SecretBox;

class SecretBoxTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SecretBoxTest);
    CPPUNIT_TEST(roundTrip);
    CPPUNIT_TEST(roundTripEmptyAndBinary);
    CPPUNIT_TEST(sealIsRandomized);
    CPPUNIT_TEST(tamperedByteRejected);
    CPPUNIT_TEST(wrongAadRejected);
    CPPUNIT_TEST(wrongKeyRejected);
    CPPUNIT_TEST(shortInputRejected);
    CPPUNIT_TEST(keyMustBe32Bytes);
    CPPUNIT_TEST(keyFileCreateAndLoad);
    CPPUNIT_TEST(keyFileWrongSizeThrows);
    CPPUNIT_TEST(keyFileMissingThrows);
    CPPUNIT_TEST(keyFileGroupReadableThrows);
    CPPUNIT_TEST_SUITE_END();

    std::string dir_;

    std::string path(const std::string& name) const { return dir_ + "/" + name; }

    static void writeFile(const std::string& p, const std::string& content, mode_t mode) {
        {
            std::ofstream out(p, std::ios::binary | std::ios::trunc);
            out << content;
        }
        ::chmod(p.c_str(), mode);
    }

    static std::string messageOf(const std::string& p) {
        try {
            SecretBox::fromKeyFile(p);
        } catch (const std::runtime_error& e) {
            return e.what();
        }
        return {};
    }

public:
    void setUp() override {
        char tmpl[] = "/tmp/secretbox-test-XXXXXX";
        const char* d = ::mkdtemp(tmpl);
        CPPUNIT_ASSERT(d != nullptr);
        dir_ = d;
    }

    void tearDown() override {
        for (const char* n : {"key", "short", "missing", "loose"}) ::unlink(path(n).c_str());
        ::rmdir(dir_.c_str());
    }

    void roundTrip() {
        SecretBox box(Random::bytes(32));
        const std::string sealed = box.seal("top secret", "tenant:1/user:2");
        CPPUNIT_ASSERT_EQUAL(std::size_t(12 + 10 + 16), sealed.size());
        const auto opened = box.open(sealed, "tenant:1/user:2");
        CPPUNIT_ASSERT(opened.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("top secret"), *opened);
    }

    void roundTripEmptyAndBinary() {
        SecretBox box(Random::bytes(32));
        const auto empty = box.open(box.seal(""));
        CPPUNIT_ASSERT(empty.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string(), *empty);
        const std::string bin = Random::bytes(1000) + std::string("\0\0", 2);
        const auto back = box.open(box.seal(bin));
        CPPUNIT_ASSERT(back.has_value());
        CPPUNIT_ASSERT(bin == *back);
    }

    void sealIsRandomized() {
        SecretBox box(Random::bytes(32));
        CPPUNIT_ASSERT(box.seal("same") != box.seal("same"));
    }

    void tamperedByteRejected() {
        SecretBox box(Random::bytes(32));
        const std::string sealed = box.seal("top secret", "aad");
        // Every position: nonce, ciphertext and tag are all covered by authentication.
        for (std::size_t i = 0; i < sealed.size(); ++i) {
            std::string bad = sealed;
            bad[i] = static_cast<char>(bad[i] ^ 0x01);
            CPPUNIT_ASSERT(!box.open(bad, "aad").has_value());
        }
        CPPUNIT_ASSERT(!box.open(sealed + "x", "aad").has_value());
        CPPUNIT_ASSERT(!box.open(sealed.substr(0, sealed.size() - 1), "aad").has_value());
    }

    void wrongAadRejected() {
        SecretBox box(Random::bytes(32));
        const std::string sealed = box.seal("top secret", "user:1");
        CPPUNIT_ASSERT(!box.open(sealed, "user:2").has_value());
        CPPUNIT_ASSERT(!box.open(sealed).has_value());
        CPPUNIT_ASSERT(!box.open(box.seal("x"), "user:1").has_value());
    }

    void wrongKeyRejected() {
        SecretBox a(Random::bytes(32));
        SecretBox b(Random::bytes(32));
        CPPUNIT_ASSERT(!b.open(a.seal("top secret")).has_value());
    }

    void shortInputRejected() {
        SecretBox box(Random::bytes(32));
        CPPUNIT_ASSERT(!box.open("").has_value());
        CPPUNIT_ASSERT(!box.open(std::string(27, 'x')).has_value());
        CPPUNIT_ASSERT(!box.open(std::string(28, 'x')).has_value());
    }

    void keyMustBe32Bytes() {
        CPPUNIT_ASSERT_THROW(SecretBox(std::string(31, 'k')), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(SecretBox(std::string(33, 'k')), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(SecretBox(""), std::invalid_argument);
    }

    void keyFileCreateAndLoad() {
        const std::string p = path("key");
        CPPUNIT_ASSERT(SecretBox::createKeyFile(p));
        struct stat st {};
        CPPUNIT_ASSERT_EQUAL(0, ::stat(p.c_str(), &st));
        CPPUNIT_ASSERT_EQUAL(static_cast<mode_t>(0600), static_cast<mode_t>(st.st_mode & 07777));
        CPPUNIT_ASSERT_EQUAL(static_cast<off_t>(32), st.st_size);

        const SecretBox first = SecretBox::fromKeyFile(p);
        const std::string sealed = first.seal("kept across restarts");
        CPPUNIT_ASSERT(!SecretBox::createKeyFile(p));
        // The second create must not have replaced the key.
        const auto opened = SecretBox::fromKeyFile(p).open(sealed);
        CPPUNIT_ASSERT(opened.has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("kept across restarts"), *opened);
    }

    void keyFileWrongSizeThrows() {
        const std::string p = path("short");
        writeFile(p, Random::bytes(31), 0600);
        CPPUNIT_ASSERT_THROW(SecretBox::fromKeyFile(p), std::runtime_error);
        const std::string msg = messageOf(p);
        CPPUNIT_ASSERT(msg.find(p) != std::string::npos);
        CPPUNIT_ASSERT(msg.find("32") != std::string::npos);
    }

    void keyFileMissingThrows() {
        const std::string p = path("missing");
        CPPUNIT_ASSERT_THROW(SecretBox::fromKeyFile(p), std::runtime_error);
        const std::string msg = messageOf(p);
        CPPUNIT_ASSERT(msg.find(p) != std::string::npos);
        CPPUNIT_ASSERT(msg.find("does not exist") != std::string::npos);
    }

    void keyFileGroupReadableThrows() {
        const std::string p = path("loose");
        writeFile(p, Random::bytes(32), 0640);
        CPPUNIT_ASSERT_THROW(SecretBox::fromKeyFile(p), std::runtime_error);
        const std::string msg = messageOf(p);
        CPPUNIT_ASSERT(msg.find(p) != std::string::npos);
        CPPUNIT_ASSERT(msg.find("0640") != std::string::npos);
        ::chmod(p.c_str(), 0604);
        CPPUNIT_ASSERT_THROW(SecretBox::fromKeyFile(p), std::runtime_error);
        ::chmod(p.c_str(), 0600);
        SecretBox::fromKeyFile(p);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SecretBoxTest);
