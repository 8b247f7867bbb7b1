#include "cli/Progress.h"

namespace ta::cli {

namespace {
constexpr std::chrono::seconds kEvery{5};
}

Progress::Progress(std::ostream& out, std::string what, std::string verb, std::size_t total)
    : out_(out),
      what_(std::move(what)),
      verb_(std::move(verb)),
      total_(total),
      last_(std::chrono::steady_clock::now()) {}

void Progress::update(std::size_t done) {
    if (total_ <= kHandful) return;
    auto now = std::chrono::steady_clock::now();
    bool tenth = done * 10 >= nextTenth_ * total_;
    if (!tenth && done < total_ && now - last_ < kEvery) return;
    while (nextTenth_ <= 10 && done * 10 >= nextTenth_ * total_) ++nextTenth_;
    last_ = now;
    out_ << what_ << ": " << done << "/" << total_ << " " << verb_ << std::endl;
}

}  // namespace ta::cli
