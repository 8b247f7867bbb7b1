#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace ta::db {

struct Statement {
    std::string name;  // server-side prepared statement name
    std::string sql;
};

// Who a tenant's statement runs as: the tenant's own PostgreSQL role (it owns the
// tenant's schema and nothing else) with the schema as search_path, both set LOCAL to
// the statement's transaction. role "none" is the daemon's login role.
struct Scope {
    std::string role;
    std::string searchPath;  // a quoted identifier
    bool operator==(const Scope& o) const { return role == o.role && searchPath == o.searchPath; }
};

// A statement and the scope it must run in (nullptr: the login role, control schema).
struct Bound {
    const Statement& statement;
    const Scope* scope;
};

// A statement text with `{schema}` where a schema goes. Queries register themselves at
// start-up (stores define them as namespace-scope constants) and build their texts once:
// - tenant(): `{schema}.` dropped, so names resolve through the search_path the tenant's
//   scope sets. One text serves every tenant; Connection prepares it under a name per
//   schema and keeps a bounded number of them (issue 9).
// - control(): `{schema}` is the control schema.
class Query {
public:
    Query(const char* name, const char* templ);
    std::size_t index() const { return index_; }
    const char* name() const { return name_; }
    const Statement& tenant() const { return tenant_; }
    const Statement& control() const { return control_; }

    static const std::vector<const Query*>& all();

private:
    std::size_t index_;
    const char* name_;
    Statement tenant_;
    Statement control_;
};

// The control schema's name, and `controlStatements()[q]` for q.control().
extern const char* const kControlSchema;
struct ControlStatements {
    const Statement& operator[](const Query& q) const { return q.control(); }
};
inline ControlStatements controlStatements() { return {}; }

// "name" -> "\"name\"", doubling quotes: identifiers are never spliced raw.
std::string quoteIdent(const std::string& name);

}  // namespace ta::db
