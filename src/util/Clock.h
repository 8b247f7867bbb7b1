#pragma once
#include <chrono>
#include <cstdint>

namespace ta::util {

// The one clock of the process. Domain code takes a Clock& so expiry can be tested
// with a clock that is moved by hand.
class Clock {
public:
    virtual ~Clock() = default;
    virtual std::int64_t nowMillis() const = 0;
    std::int64_t nowSeconds() const { return nowMillis() / 1000; }
};

class SystemClock final : public Clock {
public:
    std::int64_t nowMillis() const override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
};

class ManualClock final : public Clock {
public:
    explicit ManualClock(std::int64_t millis) : millis_(millis) {}
    std::int64_t nowMillis() const override { return millis_; }
    void advanceSeconds(std::int64_t s) { millis_ += s * 1000; }

private:
    std::int64_t millis_;
};

}  // namespace ta::util
