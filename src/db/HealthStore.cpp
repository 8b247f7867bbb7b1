#include "db/HealthStore.h"

namespace ta::db {

namespace {
const Query kPing{"health.ping", "SELECT 1"};
}  // namespace

void HealthStore::ping() { c_.exec(controlStatements()[kPing], {}); }

}  // namespace ta::db
