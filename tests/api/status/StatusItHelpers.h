// Helpers shared by the STATUS (/api/v1) integration tests: sign-in and user creation
// through the API, base32, TOTP steps, QR decoding with zbarimg, exact error bodies.
#pragma once

#include "HttpClient.h"
#include "HttpResponse.h"
#include "ItAssert.h"
#include "ItEnv.h"
#include "ItJwt.h"
#include "TotpReference.h"

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Object.h>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

// `resp` has status `code`. Unlike TA_ASSERT_STATUS, evaluates `resp` once, so it may be
// the request itself (TA_ASSERT_STATUS would send it twice).
#define STATUS_ASSERT_CODE(code, resp)                                                           \
    do {                                                                                         \
        const ta::test::HttpResponse& st_c_ = (resp);                                            \
        TA_ASSERT_STATUS(code, st_c_);                                                           \
    } while (0)

// `resp` is `code` with Content-Type application/json and a body of exactly
// {"message": text} (the /api/v1 error shape).
#define STATUS_ASSERT_MESSAGE(code, text, resp)                                                            \
    do {                                                                                                   \
        const ta::test::HttpResponse& st_r_ = (resp);                                                      \
        TA_ASSERT_STATUS(code, st_r_);                                                                     \
        TA_ASSERT("Content-Type of " + st_r_.describe() + ": " + st_r_.header("Content-Type"),            \
                  st_r_.header("Content-Type").rfind("application/json", 0) == 0);                       \
        auto st_o_ = st_r_.json();                                                                         \
        TA_ASSERT("keys of " + st_r_.describe(),                                                          \
                  ta::test::StatusItHelpers::keys(st_o_) == std::vector<std::string>{"message"});          \
        CPPUNIT_ASSERT_EQUAL_MESSAGE("[" + ta::test::ItEnv::front() + "] message of " + st_r_.describe(), \
                                     std::string(text), st_r_.jsonString("message"));                    \
    } while (0)

// `resp` is `code` with a JSON {"message": <non-empty string>} body.
#define STATUS_ASSERT_SOME_MESSAGE(code, resp)                                                             \
    do {                                                                                                   \
        const ta::test::HttpResponse& st_r_ = (resp);                                                      \
        TA_ASSERT_STATUS(code, st_r_);                                                                     \
        TA_ASSERT("Content-Type of " + st_r_.describe() + ": " + st_r_.header("Content-Type"),            \
                  st_r_.header("Content-Type").rfind("application/json", 0) == 0);                       \
        TA_ASSERT("message of " + st_r_.describe(), !st_r_.jsonString("message").empty());                \
    } while (0)

namespace ta::test {

// A user of tenant alpha (or beta) created through POST /api/v1/users/signUp.
struct StatusUser {
    std::string host;
    std::string username;
    std::string email;
    std::string password;
    std::string authority;
    std::string accessToken;
    std::string refreshToken;
};

struct StatusItHelpers {
    static std::string adminPassword() {
        std::string p = ItEnv::var("TA_ADMIN_PASSWORD");
        if (p.empty()) throw std::runtime_error("TA_ADMIN_PASSWORD is not set");
        return p;
    }

    // Usernames allow letters, digits, '.', '_' and '-'; both web-server runs share one database.
    static std::string uniqueUsername(const std::string& prefix) { return prefix + "_" + ItEnv::uniqueSuffix(); }

    static std::string signInBody(const std::string& username, const std::string& password) {
        return "{\"username\":" + ItEnv::quote(username) + ",\"password\":" + ItEnv::quote(password) + "}";
    }
    static std::string signInBody(const std::string& username, const std::string& password,
                                  const std::string& totp) {
        return "{\"username\":" + ItEnv::quote(username) + ",\"password\":" + ItEnv::quote(password) +
               ",\"totpToken\":" + ItEnv::quote(totp) + "}";
    }

    static HttpResponse signIn(const HttpClient& c, const std::string& username, const std::string& password,
                               const std::string& host = "alpha.test") {
        return c.postJson("/api/v1/users/signIn", signInBody(username, password), {}, host);
    }
    static HttpResponse signInTotp(const HttpClient& c, const std::string& username, const std::string& password,
                                   const std::string& totp, const std::string& host = "alpha.test") {
        return c.postJson("/api/v1/users/signIn", signInBody(username, password, totp), {}, host);
    }

    // Access token of the seeded admin of `host`'s tenant.
    static std::string adminToken(const HttpClient& c, const std::string& host = "alpha.test") {
        HttpResponse r = signIn(c, "admin", adminPassword(), host);
        if (r.status != 200) throw std::runtime_error("seeded admin sign-in at " + host + " failed: " + r.describe());
        return r.jsonString("accessToken");
    }

    static std::string signUpBody(const std::string& username, const std::string& password,
                                  const std::string& email, const std::string& authority) {
        return "{\"username\":" + ItEnv::quote(username) + ",\"password\":" + ItEnv::quote(password) +
               ",\"email\":" + ItEnv::quote(email) + ",\"authority\":" + ItEnv::quote(authority) + "}";
    }

    // A fresh user created by the seeded admin, then signed in (no 2FA yet).
    static StatusUser createUser(const HttpClient& c, const std::string& authority,
                                 const std::string& host = "alpha.test") {
        StatusUser u;
        u.host = host;
        u.authority = authority;
        u.username = uniqueUsername("st");
        u.email = u.username + "@example.test";
        u.password = ItEnv::password();
        HttpResponse r = c.postJson("/api/v1/users/signUp", signUpBody(u.username, u.password, u.email, authority),
                                    ItEnv::auth(adminToken(c, host)), host);
        if (r.status != 201) throw std::runtime_error("signUp of " + u.username + " failed: " + r.describe());
        HttpResponse s = signIn(c, u.username, u.password, host);
        if (s.status != 200) throw std::runtime_error("signIn of " + u.username + " failed: " + s.describe());
        u.accessToken = s.jsonString("accessToken");
        u.refreshToken = s.jsonString("refreshToken");
        return u;
    }

    static std::vector<std::string> keys(const Poco::JSON::Object::Ptr& o) {
        std::vector<std::string> k;
        for (const auto& kv : *o) k.push_back(kv.first);
        std::sort(k.begin(), k.end());
        return k;
    }

    static std::string joined(const std::vector<std::string>& v) {
        std::string out;
        for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
        return out;
    }

    static std::string base64Decode(const std::string& in) {
        std::istringstream is(in);
        Poco::Base64Decoder dec(is);
        return std::string((std::istreambuf_iterator<char>(dec)), std::istreambuf_iterator<char>());
    }

    // RFC 4648 base32, padding optional, case-insensitive.
    static std::string base32Decode(const std::string& in) {
        std::string out;
        std::uint32_t buffer = 0;
        int bits = 0;
        for (char ch : in) {
            if (ch == '=') break;
            int v;
            char c = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            if (c >= 'A' && c <= 'Z') v = c - 'A';
            else if (c >= '2' && c <= '7') v = c - '2' + 26;
            else throw std::runtime_error("bad base32 character in secret " + in);
            buffer = (buffer << 5) | static_cast<std::uint32_t>(v);
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                out += static_cast<char>((buffer >> bits) & 0xff);
            }
        }
        return out;
    }

    static std::int64_t nowSeconds() {
        return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    }

    // The current 30 s step, after waiting for a new one when fewer than `minLeft` seconds
    // of it remain, so that a sequence of codes relative to it stays inside the server's
    // one-step drift window.
    static std::int64_t freshStep(int minLeft = 5) {
        using namespace std::chrono;
        auto ms = duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
        std::int64_t intoStep = ms % 30000;
        if (30000 - intoStep < minLeft * 1000) std::this_thread::sleep_for(milliseconds(30000 - intoStep + 300));
        return nowSeconds() / 30;
    }

    static std::string codeAt(const std::string& rawSecret, std::int64_t step) {
        return TotpReference::code(rawSecret, step * 30);
    }

    // A six-digit code valid at none of the steps around `step`.
    static std::string wrongCode(const std::string& rawSecret, std::int64_t step) {
        for (int n = 0;; ++n) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "%06d", (123456 + n * 7919) % 1000000);
            std::string c = buf;
            bool valid = false;
            for (std::int64_t s = step - 3; s <= step + 3; ++s) valid = valid || c == codeAt(rawSecret, s);
            if (!valid) return c;
        }
    }

    // Decodes a QR code PNG with zbarimg; its text without the trailing newline.
    static std::string zbarDecode(const std::string& png) {
        char path[] = "/tmp/statusit-qr-XXXXXX";
        int fd = ::mkstemp(path);
        if (fd < 0) throw std::runtime_error("mkstemp failed");
        ::close(fd);
        {
            std::ofstream f(path, std::ios::binary);
            f.write(png.data(), static_cast<std::streamsize>(png.size()));
        }
        ItProcessResult r = ItEnv::run(std::string("zbarimg --raw -q ") + path);
        std::remove(path);
        if (r.exitCode != 0) throw std::runtime_error("zbarimg failed: " + r.describe());
        std::string out = r.out;
        while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
        return out;
    }
};

}  // namespace ta::test
