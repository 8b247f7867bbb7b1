#include "db/HealthStore.h"

namespace ta::db {

namespace {
const Query kPing{"health.ping", "SELECT 1"};
const StatementSet& statements() {
    static const StatementSet set("tenantauth");
    return set;
}
}  // namespace

void HealthStore::ping() { c_.exec(statements()[kPing], {}); }

}  // namespace ta::db
