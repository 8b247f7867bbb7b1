// Assertions on HTTP answers with messages that show what came back and through
// which web server.
#pragma once

#include "HttpResponse.h"
#include "ItEnv.h"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

// The response has status `code`. (`resp` is evaluated once: it is usually a request.)
#define TA_ASSERT_STATUS(code, resp)                                                                     \
    do {                                                                                                   \
        const ta::test::HttpResponse& ta_s_ = (resp);                                                      \
        CPPUNIT_ASSERT_EQUAL_MESSAGE("[" + ta::test::ItEnv::front() + "] " + ta_s_.describe(), (int)(code), \
                                     ta_s_.status);                                                        \
    } while (0)

// The response is `code` with a JSON error body whose message is `text`.
#define TA_ASSERT_ERROR(code, text, resp)                                                                \
    do {                                                                                                 \
        const ta::test::HttpResponse& ta_r_ = (resp);                                                    \
        TA_ASSERT_STATUS(code, ta_r_);                                                                   \
        CPPUNIT_ASSERT_EQUAL_MESSAGE("[" + ta::test::ItEnv::front() + "] error message of " + ta_r_.describe(), \
                                     std::string(text), ta_r_.errorMessage());                          \
        CPPUNIT_ASSERT_MESSAGE("Content-Type of " + ta_r_.describe() + ": " + ta_r_.header("Content-Type"), \
                               ta_r_.header("Content-Type").rfind("application/json", 0) == 0);           \
    } while (0)

// `cond` holds; `what` (a std::string expression) explains the failure.
#define TA_ASSERT(what, cond) CPPUNIT_ASSERT_MESSAGE("[" + ta::test::ItEnv::front() + "] " + std::string(what), (cond))
