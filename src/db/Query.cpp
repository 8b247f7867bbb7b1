#include "db/Query.h"

namespace ta::db {

namespace {
std::vector<const Query*>& registry() {
    static std::vector<const Query*> r;
    return r;
}
}  // namespace

Query::Query(const char* name, const char* templ)
    : index_(registry().size()), name_(name), templ_(templ) {
    registry().push_back(this);
}

const std::vector<const Query*>& Query::all() { return registry(); }

const char* const kControlSchema = "tenantauth";

const StatementSet& controlStatements() {
    static const StatementSet set(kControlSchema);
    return set;
}

std::string quoteIdent(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

StatementSet::StatementSet(const std::string& schema) : schema_(schema) {
    const std::string quoted = quoteIdent(schema);
    // Names must differ per schema because the SQL does, so they carry the schema name
    // itself (at most 47 bytes: "tenant_" and a 40-byte slug): a digest prefix could
    // give two schemas the same name. "ta_" + schema + "_" + index stays under
    // PostgreSQL's 63-byte identifier limit.
    const std::string& tag = schema;
    for (const Query* q : Query::all()) {
        std::string sql = q->templ();
        for (size_t pos = sql.find("{schema}"); pos != std::string::npos;
             pos = sql.find("{schema}", pos)) {
            sql.replace(pos, 8, quoted);
            pos += quoted.size();
        }
        statements_.push_back(
            {std::string("ta_") + tag + "_" + std::to_string(q->index()), std::move(sql)});
    }
}

}  // namespace ta::db
