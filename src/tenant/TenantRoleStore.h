#pragma once
#include <string>

#include "db/Connection.h"

namespace ta::tenant {

// The PostgreSQL side of a tenant's role (sql/control/004): create it, hand it the
// tenant's schema, drop it. DDL on the caller's connection; the login role needs
// CREATEROLE (README: Installing).
class TenantRoleStore {
public:
    explicit TenantRoleStore(db::Connection& c) : c_(c) {}

    // 'ta' || this database's OID || '_' || slug: at most 53 bytes for a 40-byte slug.
    std::string nameFor(const std::string& slug);
    // A NOLOGIN role, granted to the login role so that it may SET ROLE to it.
    void ensure(const std::string& role);
    // The schema and every table, view and free-standing sequence in it owned by `role`
    // (tenants made before roles were owned by the login role). Idempotent.
    void adopt(const std::string& schema, const std::string& role);
    // Drops the role, once it owns nothing (its schema dropped first).
    void drop(const std::string& role);

private:
    db::Connection& c_;
};

}  // namespace ta::tenant
