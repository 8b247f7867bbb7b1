#include <Poco/JSON/Object.h>
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

#include "api/UserViews.h"
#include "http/Response.h"
#include "util/JsonWriter.h"

using namespace std::string_literals;
using ta::api::UserViews;
using ta::identity::User;
using ta::util::JsonWriter;

// The hot answers are written with util::JsonWriter; these are the Poco objects they
// were built from before (the code as it stood), compared byte-for-byte.
class UserViewsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(UserViewsTest);
    CPPUNIT_TEST(meAsPocoBuiltIt);
    CPPUNIT_TEST(sessionAnswerAsPocoBuiltIt);
    CPPUNIT_TEST(whoamiAsPocoBuiltIt);
    CPPUNIT_TEST(textAsPocoBuiltIt);
    CPPUNIT_TEST_SUITE_END();

    static std::string poco(const Poco::JSON::Object& o) {
        std::ostringstream out;
        o.stringify(out);
        return out.str();
    }

    static Poco::JSON::Object::Ptr pocoOpenSight(const User& u) {
        auto o = ta::http::orderedObject();
        o->set("id", u.id);
        o->set("email", u.email);
        o->set("full_name", ta::http::orNull(u.fullName));
        o->set("avatar_url", ta::http::orNull(u.avatarUrl));
        o->set("email_verified", u.emailVerified);
        o->set("plan_id", u.planId);
        o->set("created_at", u.createdAt);
        o->set("updated_at", u.updatedAt);
        return o;
    }

    static Poco::JSON::Object::Ptr pocoWhoami(const User& u) {
        auto o = ta::http::orderedObject();
        o->set("id", u.id);
        o->set("username", ta::http::orNull(u.username));
        o->set("email", u.email);
        o->set("authority", u.authority);
        o->set("createdAt", u.createdAt);
        o->set("updatedAt", u.updatedAt);
        return o;
    }

    // Users with fields that need escaping, absent fields, and a plain one.
    static std::vector<User> users() {
        User plain;
        plain.id = "0b7e3c52-6f0a-4c1e-9a3e-2f1d5c7b9e01";
        plain.email = "ada@example.com";
        plain.createdAt = "2024-05-01T10:00:00.000Z";
        plain.updatedAt = "2024-05-02T11:30:00.123Z";
        User tricky = plain;
        tricky.email = "o'\"quote\"\\back/slash@example.com";
        tricky.username = "name\twith\ncontrol\x01\x1f\x7f";
        tricky.fullName = "Zo\xc3\xab \xf0\x9f\x98\x80 \"Q\" \\ </script> nul\0end"s;
        tricky.avatarUrl = "https://example.com/a.png?x=1&y=\xe2\x80\xa8";
        tricky.emailVerified = true;
        tricky.planId = "pro/\"x\"";
        tricky.authority = "ADMIN";
        tricky.createdAt = "\xff\xfe";
        tricky.updatedAt = "";
        User empty = plain;
        empty.fullName = std::string();
        empty.avatarUrl = std::string();
        empty.username = std::string();
        return {plain, tricky, empty};
    }

public:
    void meAsPocoBuiltIt() {
        for (const User& u : users()) {
            auto body = ta::http::orderedObject();
            body->set("user", pocoOpenSight(u));
            JsonWriter w;
            w.beginObject().key("user");
            UserViews::openSight(w, u);
            w.endObject();
            CPPUNIT_ASSERT_EQUAL(poco(*body), w.str());
        }
        JsonWriter w;
        UserViews::openSight(w, users()[0]);
        CPPUNIT_ASSERT_EQUAL(
            std::string("{\"id\":\"0b7e3c52-6f0a-4c1e-9a3e-2f1d5c7b9e01\",\"email\":\"ada@example."
                        "com\",\"full_name\":null,\"avatar_url\":null,\"email_verified\":false,"
                        "\"plan_id\":\"free\",\"created_at\":\"2024-05-01T10:00:00.000Z\","
                        "\"updated_at\":\"2024-05-02T11:30:00.123Z\"}"),
            w.str());
    }

    void sessionAnswerAsPocoBuiltIt() {
        for (const User& u : users()) {
            std::string token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln/+=";
            auto body = ta::http::orderedObject();
            body->set("user", pocoOpenSight(u));
            body->set("accessToken", token);
            JsonWriter w;
            w.beginObject().key("user");
            UserViews::openSight(w, u);
            w.key("accessToken").string(token).endObject();
            CPPUNIT_ASSERT_EQUAL(poco(*body), w.str());
        }
    }

    void whoamiAsPocoBuiltIt() {
        for (const User& u : users()) {
            JsonWriter w;
            UserViews::whoami(w, u);
            CPPUNIT_ASSERT_EQUAL(poco(*pocoWhoami(u)), w.str());
        }
    }

    void textAsPocoBuiltIt() {
        for (const char* key : {"error", "message"})
            for (const std::string& text :
                 {std::string("Unauthorized"), std::string("User a\"b\\c/d\n\x01 created"),
                  std::string("caf\xc3\xa9 \xff"), std::string()}) {
                Poco::JSON::Object o;
                o.set(key, text);
                ta::http::Response r = ta::http::Response::text(418, key, text);
                CPPUNIT_ASSERT_EQUAL(poco(o), r.body);
                CPPUNIT_ASSERT_EQUAL(418, r.status);
                CPPUNIT_ASSERT_EQUAL(std::string("application/json"), r.contentType);
            }
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(UserViewsTest);
