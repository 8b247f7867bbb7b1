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
    int migrateTenant(const std::string& schema);
    // migrateTenant() for each schema in turn, each in its own transaction: a run that
    // is interrupted keeps the tenants it finished, and the next run goes on with the
    // rest (what is pending is read from each schema). `progress(done, total)` is called
    // after each schema.
    using Progress = std::function<void(std::size_t done, std::size_t total)>;
    int migrateTenants(const std::vector<std::string>& schemas, const Progress& progress = {});
    void dropTenant(const std::string& schema);
    std::vector<std::string> pendingControl();
    std::vector<std::string> pendingTenant(const std::string& schema);

private:
    int apply(const std::string& schema, const char* scope, bool setSearchPath);
    std::vector<std::string> pending(const std::string& schema, const char* scope);

    Connection& c_;
};

}  // namespace ta::db
