#pragma once
#include <stdexcept>
#include <string>

namespace ta::db {

// The database could not be reached or did not answer in time: the request may be
// retried, the client gets 503.
class Unavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A statement failed for a reason of its own (constraint, bug in SQL).
class QueryError : public std::runtime_error {
public:
    QueryError(const std::string& what, std::string sqlstate, std::string constraint)
        : std::runtime_error(what),
          sqlstate_(std::move(sqlstate)),
          constraint_(std::move(constraint)) {}
    const std::string& sqlstate() const { return sqlstate_; }
    const std::string& constraint() const { return constraint_; }
    bool uniqueViolation() const { return sqlstate_ == "23505"; }

private:
    std::string sqlstate_;
    std::string constraint_;
};

}  // namespace ta::db
