#include "db/Query.h"

namespace ta::db {

namespace {
std::vector<const Query*>& registry() {
    static std::vector<const Query*> r;
    return r;
}

std::string filled(const char* templ, const std::string& with) {
    std::string sql = templ;
    for (size_t pos = sql.find("{schema}"); pos != std::string::npos;
         pos = sql.find("{schema}", pos)) {
        sql.replace(pos, 8, with);
        pos += with.size();
    }
    return sql;
}

std::string unqualified(const char* templ) {
    std::string sql = templ;
    for (size_t pos = sql.find("{schema}."); pos != std::string::npos;
         pos = sql.find("{schema}.", pos))
        sql.erase(pos, 9);
    return sql;
}
}  // namespace

const char* const kControlSchema = "tenantauth";

// Names: "tq_" for the tenant text, "cq_" for the control text, then the index; the
// same on every connection and for every tenant.
Query::Query(const char* name, const char* templ)
    : index_(registry().size()),
      name_(name),
      tenant_{"tq_" + std::to_string(index_), unqualified(templ)},
      control_{"cq_" + std::to_string(index_), filled(templ, quoteIdent(kControlSchema))} {
    registry().push_back(this);
}

const std::vector<const Query*>& Query::all() { return registry(); }

std::string quoteIdent(const std::string& name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace ta::db
