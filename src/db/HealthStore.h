#pragma once
#include "db/Connection.h"

namespace ta::db {

struct HealthStore {
    explicit HealthStore(Connection& c) : c_(c) {}
    void ping();  // throws Unavailable

private:
    Connection& c_;
};

}  // namespace ta::db
