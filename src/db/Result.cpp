#include "db/Result.h"

#include <libpq-fe.h>

#include <cstdlib>

namespace ta::db {

Result::~Result() {
    if (r_) PQclear(r_);
}

Result& Result::operator=(Result&& o) noexcept {
    if (this != &o) {
        if (r_) PQclear(r_);
        r_ = o.r_;
        o.r_ = nullptr;
    }
    return *this;
}

int Result::rows() const { return r_ ? PQntuples(r_) : 0; }
bool Result::isNull(int row, int col) const { return PQgetisnull(r_, row, col) != 0; }

std::string Result::str(int row, int col) const {
    return std::string(PQgetvalue(r_, row, col), static_cast<size_t>(PQgetlength(r_, row, col)));
}

std::int64_t Result::int64(int row, int col) const {
    return isNull(row, col) ? 0 : std::strtoll(PQgetvalue(r_, row, col), nullptr, 10);
}

bool Result::boolean(int row, int col) const { return PQgetvalue(r_, row, col)[0] == 't'; }

int Result::affected() const {
    const char* n = r_ ? PQcmdTuples(r_) : "";
    return *n ? std::atoi(n) : 0;
}

}  // namespace ta::db
