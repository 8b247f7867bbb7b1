#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "db/Connection.h"

namespace ta::db {

// Applies sql/control/* to the control schema and sql/tenant/* to each tenant
// schema, in file order, each file once, recorded in that schema's
// schema_migrations. Forward only.
class Migrator {
public:
    explicit Migrator(Connection& c) : c_(c) {}

    int migrateControl();
    // Creates the schema owned by `role` (the tenant's, sql/control/004) and applies the
    // tenant files as that role, so that it owns everything in its schema.
    int migrateTenant(const std::string& schema, const std::string& role);
    // Drops the schema as its owner, `role`.
    void dropTenant(const std::string& schema, const std::string& role);
    std::vector<std::string> pendingControl();
    std::vector<std::string> pendingTenant(const std::string& schema, const std::string& role);

private:
    int apply(const std::string& schema, const char* scope, const std::string& role);
    std::vector<std::string> pending(const std::string& schema, const char* scope);

    Connection& c_;
};

}  // namespace ta::db
