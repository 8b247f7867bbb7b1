// Shared body of the two CppUnit mains (unit_main.cpp, it_main.cpp).
//
// Usage: BINARY [NAME...]. Without names every test of the default registry runs.
// A NAME is a suite ("RegisterIT") or one test ("RegisterIT::testDuplicate"); names
// may also pick suites of the "destructive" registry, which never run by default
// (they stop the database, kill workers, stop the daemon). Tests run in the order
// the names are given. The last line printed is `RESULT passed=N failed=M`.
#pragma once

#include <cppunit/Exception.h>
#include <cppunit/SourceLine.h>
#include <cppunit/Test.h>
#include <cppunit/TestFailure.h>
#include <cppunit/TestListener.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace ta::test {

class TestMainListener : public CppUnit::TestListener {
public:
    void startTest(CppUnit::Test*) override {
        failed_ = false;
        start_ = std::chrono::steady_clock::now();
    }
    void addFailure(const CppUnit::TestFailure& failure) override {
        failed_ = true;
        messages_.push_back(describe(failure));
    }
    void endTest(CppUnit::Test* test) override {
        double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        std::printf("%s %s (%.2fs)\n", failed_ ? "FAIL" : "ok  ", test->getName().c_str(), secs);
        for (const auto& m : messages_) std::printf("     %s\n", m.c_str());
        messages_.clear();
        std::fflush(stdout);
    }

private:
    static std::string describe(const CppUnit::TestFailure& failure) {
        std::string out = failure.isError() ? "error: " : "";
        const CppUnit::Exception* e = failure.thrownException();
        if (e) {
            std::string text = e->message().details();
            if (text.empty()) text = e->what();
            std::string shortDesc = e->message().shortDescription();
            if (!shortDesc.empty() && shortDesc != "assertion failed") out += shortDesc + ": ";
            // Indent continuation lines under the failing test.
            for (char c : text) {
                out += c;
                if (c == '\n') out += "     ";
            }
        }
        const CppUnit::SourceLine line = failure.sourceLine();
        if (line.isValid()) out += "  [" + line.fileName() + ":" + std::to_string(line.lineNumber()) + "]";
        return out;
    }

    bool failed_ = false;
    std::chrono::steady_clock::time_point start_;
    std::vector<std::string> messages_;
};

inline void collectLeaves(CppUnit::Test* test, std::vector<CppUnit::Test*>& out) {
    if (test->getChildTestCount() == 0) {
        out.push_back(test);
        return;
    }
    for (int i = 0; i < test->getChildTestCount(); ++i) collectLeaves(test->getChildTestAt(i), out);
}

inline bool nameMatches(const std::string& testName, const std::string& wanted) {
    if (testName == wanted) return true;
    return testName.size() > wanted.size() && testName.compare(0, wanted.size(), wanted) == 0 &&
           testName.compare(wanted.size(), 2, "::") == 0;
}

inline int runTestMain(int argc, char** argv) {
    CppUnit::Test* defaults = CppUnit::TestFactoryRegistry::getRegistry().makeTest();
    CppUnit::Test* destructive = CppUnit::TestFactoryRegistry::getRegistry("destructive").makeTest();
    std::vector<CppUnit::Test*> all, allDestructive, selected;
    collectLeaves(defaults, all);
    collectLeaves(destructive, allDestructive);

    int unmatched = 0;
    if (argc < 2) {
        selected = all;
    } else {
        for (int a = 1; a < argc; ++a) {
            std::string wanted = argv[a];
            bool any = false;
            for (auto* pool : {&all, &allDestructive}) {
                for (auto* t : *pool) {
                    if (nameMatches(t->getName(), wanted)) {
                        selected.push_back(t);
                        any = true;
                    }
                }
            }
            if (!any) {
                std::printf("FAIL %s: no such test or suite\n", wanted.c_str());
                ++unmatched;
            }
        }
    }

    CppUnit::TestResult controller;
    CppUnit::TestResultCollector collector;
    TestMainListener progress;
    controller.addListener(&collector);
    controller.addListener(&progress);
    for (auto* t : selected) t->run(&controller);

    int run = collector.runTests();
    int failed = collector.testFailuresTotal() + unmatched;
    int passed = run - collector.testFailuresTotal();
    std::cout.flush();
    std::printf("RESULT passed=%d failed=%d\n", passed, failed);
    std::fflush(stdout);
    delete defaults;
    delete destructive;
    return failed == 0 ? 0 : 1;
}

}  // namespace ta::test
