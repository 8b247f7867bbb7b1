#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace ta::db {

// A statement text with `{schema}` where a tenant's schema goes. Queries register
// themselves at start-up (stores define them as namespace-scope constants), so each
// tenant's statement set can be built once, and every connection prepares a statement
// the first time it runs it and reuses it after.
class Query {
public:
    Query(const char* name, const char* templ);
    std::size_t index() const { return index_; }
    const char* name() const { return name_; }
    const char* templ() const { return templ_; }

    static const std::vector<const Query*>& all();

private:
    std::size_t index_;
    const char* name_;
    const char* templ_;
};

struct Statement {
    std::string name;  // server-side prepared statement name, unique per schema
    std::string sql;
};

// Every registered Query with one schema filled in.
class StatementSet {
public:
    explicit StatementSet(const std::string& schema);
    const Statement& operator[](const Query& q) const { return statements_.at(q.index()); }
    const std::string& schema() const { return schema_; }

private:
    std::string schema_;
    std::vector<Statement> statements_;
};

// The control schema's name and its statement set, shared by every control store.
extern const char* const kControlSchema;
const StatementSet& controlStatements();

// "name" -> "\"name\"", doubling quotes: identifiers are never spliced raw.
std::string quoteIdent(const std::string& name);

}  // namespace ta::db
