#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

#include "cli/Progress.h"

using ta::cli::Progress;

class ProgressTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ProgressTest);
    CPPUNIT_TEST(silentForAHandful);
    CPPUNIT_TEST(eachTenthAndTheEnd);
    CPPUNIT_TEST(smallTotalsEndOnce);
    CPPUNIT_TEST_SUITE_END();

public:
    void silentForAHandful() {
        std::ostringstream out;
        Progress p(out, "tenants", "migrated", Progress::kHandful);
        for (std::size_t i = 1; i <= Progress::kHandful; ++i) p.update(i);
        CPPUNIT_ASSERT_EQUAL(std::string(), out.str());
    }

    void eachTenthAndTheEnd() {
        std::ostringstream out;
        Progress p(out, "tenants", "migrated", 1000);
        for (std::size_t i = 1; i <= 1000; ++i) p.update(i);
        std::string want;
        for (int i = 100; i <= 1000; i += 100)
            want += "tenants: " + std::to_string(i) + "/1000 migrated\n";
        CPPUNIT_ASSERT_EQUAL(want, out.str());
    }

    void smallTotalsEndOnce() {
        std::ostringstream out;
        Progress p(out, "tenants", "migrated", 13);
        for (std::size_t i = 1; i <= 13; ++i) p.update(i);
        const std::string last = "tenants: 13/13 migrated\n";
        const std::string s = out.str();
        CPPUNIT_ASSERT_MESSAGE(s, s.size() >= last.size() &&
                                      s.compare(s.size() - last.size(), last.size(), last) == 0);
        CPPUNIT_ASSERT_MESSAGE(s, s.find(last) == s.size() - last.size());  // once
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ProgressTest);
