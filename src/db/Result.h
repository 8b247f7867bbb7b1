#pragma once
#include <cstdint>
#include <string>

struct pg_result;

namespace ta::db {

// Owns one libpq result; text format, so values are read as strings.
class Result {
public:
    explicit Result(pg_result* r = nullptr) : r_(r) {}
    ~Result();
    Result(Result&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
    Result& operator=(Result&& o) noexcept;
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;

    int rows() const;
    bool empty() const { return rows() == 0; }
    bool isNull(int row, int col) const;
    std::string str(int row, int col) const;  // "" for NULL
    std::int64_t int64(int row, int col) const;
    bool boolean(int row, int col) const;
    int affected() const;

private:
    pg_result* r_;
};

}  // namespace ta::db
