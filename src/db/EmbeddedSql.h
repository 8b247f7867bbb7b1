#pragma once
#include <string>
#include <vector>

namespace ta::db {

struct EmbeddedSql {
    const char* scope;  // "control" or "tenant"
    const char* name;   // "001_init"
    const char* sql;
};

// The files of sql/control and sql/tenant, compiled in by scripts/embed-sql.
const std::vector<EmbeddedSql>& embeddedSql();

}  // namespace ta::db
