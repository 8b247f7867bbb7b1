#pragma once
#include <chrono>
#include <cstddef>
#include <ostream>
#include <string>

namespace ta::cli {

// A progress line for a long command, e.g. "tenants: 500/1000 migrated" on stderr:
// at each tenth of the way and at least every 5 seconds, and once at the end. Nothing
// for a handful of items, which take well under a second.
class Progress {
public:
    Progress(std::ostream& out, std::string what, std::string verb, std::size_t total);
    void update(std::size_t done);

    static constexpr std::size_t kHandful = 10;

private:
    std::ostream& out_;
    std::string what_;
    std::string verb_;
    std::size_t total_;
    std::size_t nextTenth_ = 1;
    std::chrono::steady_clock::time_point last_;
};

}  // namespace ta::cli
