#include "db/Connection.h"

#include <libpq-fe.h>

#include <cstring>
#include <vector>

#include "db/DbError.h"

namespace ta::db {

namespace {
std::string withDefaults(const std::string& dsn) {
    std::string out = dsn;
    bool uri = out.rfind("postgres://", 0) == 0 || out.rfind("postgresql://", 0) == 0;
    // A dead server must cost a request seconds, not the TCP default of minutes.
    if (out.find("connect_timeout") == std::string::npos)
        out +=
            uri ? (out.find('?') == std::string::npos ? "?connect_timeout=3" : "&connect_timeout=3")
                : " connect_timeout=3";
    return out;
}

bool connectionLevel(const char* sqlstate) {
    return sqlstate &&
           (std::strncmp(sqlstate, "08", 2) == 0 || std::strncmp(sqlstate, "57P", 3) == 0);
}
}  // namespace

Connection::Connection(std::string dsn, int statementTimeoutMs, bool prepared)
    : dsn_(withDefaults(dsn)), statementTimeoutMs_(statementTimeoutMs), prepare_(prepared) {}

Connection::~Connection() {
    try {
        if (handle_.isConnected()) handle_.disconnect();
    } catch (...) {
    }
}

void Connection::reconnect() {
    prepared_.clear();
    lru_.clear();
    lruIndex_.clear();
    rolesServed_.clear();
    inTransaction_ = false;
    txScope_ = Scope{};
    try {
        if (handle_.isConnected()) handle_.disconnect();
    } catch (...) {
    }
    try {
        handle_.connect(dsn_);
    } catch (const std::exception& e) {
        broken_ = true;
        throw Unavailable(std::string("cannot connect to PostgreSQL: ") + e.what());
    }
    broken_ = false;
    connectedAt_ = std::chrono::steady_clock::now();
    // The same value for every client of the server, so harmless through a
    // transaction-pooling pgbouncer too.
    run("SET statement_timeout = " + std::to_string(statementTimeoutMs_));
}

void Connection::fail(pg_result* r, const char* what) {
    PGconn* c = handle_;
    const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
    std::string message = r ? PQresultErrorMessage(r) : PQerrorMessage(c);
    std::string sqlstate = state ? state : "";
    std::string constraint;
    if (r && PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME))
        constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
    if (r) PQclear(r);  // `state` points into r: use `sqlstate` from here on
    if (PQstatus(c) != CONNECTION_OK || sqlstate.empty() || connectionLevel(sqlstate.c_str())) {
        broken_ = true;
        throw Unavailable(std::string(what) + ": " + message);
    }
    if (sqlstate == "57014") throw Unavailable(std::string(what) + ": statement timeout");
    throw QueryError(std::string(what) + ": " + message, sqlstate, constraint);
}

namespace {
// Both LOCAL: they end with the statement's transaction, so nothing of one tenant is
// left on a pooled connection (or on a pgbouncer server connection) for the next.
const Statement kSetScope{
    "ta_scope", "SELECT set_config('role', $1, true), set_config('search_path', $2, true)"};
const Scope kLoginScope{"none", quoteIdent(kControlSchema)};

// Distinct schemas a connection may serve before the pool closes it. Measured with
// bench/tenancy: a server process caches some 30 KB of catalog entries per tenant
// schema whose tables it touched, and keeps them until it exits.
constexpr std::size_t kMaxSchemasServed = 256;
constexpr auto kMaxAge = std::chrono::minutes(30);
}  // namespace

bool Connection::worn() const {
    return rolesServed_.size() >= kMaxSchemasServed ||
           (!broken_ && std::chrono::steady_clock::now() - connectedAt_ > kMaxAge);
}

Result Connection::execOnce(const Bound& b, std::initializer_list<Param> params) {
    PGconn* c = handle_;
    const char* values[16];
    int n = 0;
    for (const Param& p : params) values[n++] = p.c_str();
    const Statement& st = b.statement;
    if (!prepare_) {
        // Parse, bind and execute in one round trip; nothing stays on the server.
        pg_result* r = PQexecParams(c, st.sql.c_str(), n, nullptr, values, nullptr, nullptr, 0);
        ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, "execute");
        return Result(r);
    }
    if (!prepared_.count(st.name)) {
        pg_result* r = PQprepare(c, st.name.c_str(), st.sql.c_str(), 0, nullptr);
        if (!r || PQresultStatus(r) != PGRES_COMMAND_OK) fail(r, "prepare");
        PQclear(r);
        prepared_.insert(st.name);
    }
    pg_result* r = PQexecPrepared(c, st.name.c_str(), n, values, nullptr, nullptr, 0);
    ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, "execute");
    return Result(r);
}

// Queues `st` on the pipeline: a Parse first when it is not prepared here yet. Returns
// the number of results the server will answer with (1 or 2).
int Connection::send(const Statement& st, int n, const char* const* values, bool& ok) {
    PGconn* c = handle_;
    if (!prepare_) {
        ok = ok && PQsendQueryParams(c, st.sql.c_str(), n, nullptr, values, nullptr, nullptr, 0);
        return 1;
    }
    int queued = 0;
    if (!prepared_.count(st.name)) {
        ok = ok && PQsendPrepare(c, st.name.c_str(), st.sql.c_str(), 0, nullptr);
        ++queued;
    }
    ok = ok && PQsendQueryPrepared(c, st.name.c_str(), n, values, nullptr, nullptr, 0);
    return queued + 1;
}

Result Connection::execScoped(const Bound& b, const Scope& scope,
                              std::initializer_list<Param> params) {
    PGconn* c = handle_;
    const char* values[16];
    int n = 0;
    for (const Param& p : params) values[n++] = p.c_str();
    const char* scopeValues[2] = {scope.role.c_str(), scope.searchPath.c_str()};
    bool ok = PQenterPipelineMode(c) == 1;
    // Results in order: [Parse] scope, [Parse] statement; a Parse's name is noted so a
    // success marks it prepared.
    const Statement* parsed[4] = {};
    int queued = 0;
    if (prepare_ && !prepared_.count(kSetScope.name)) parsed[queued] = &kSetScope;
    queued += send(kSetScope, 2, scopeValues, ok);
    if (prepare_ && !prepared_.count(b.statement.name)) parsed[queued] = &b.statement;
    queued += send(b.statement, n, values, ok);
    ok = ok && PQpipelineSync(c);
    pg_result* last = nullptr;
    pg_result* error = nullptr;
    for (int i = 0; ok && i < queued; ++i) {
        pg_result* got = nullptr;
        for (pg_result* r; (r = PQgetResult(c)) != nullptr;) {
            if (got) PQclear(got);
            got = r;
        }
        ExecStatusType status = got ? PQresultStatus(got) : PGRES_FATAL_ERROR;
        if (!got) {
            ok = false;
        } else if (status == PGRES_FATAL_ERROR && !error) {
            error = got;
            got = nullptr;
        } else if (parsed[i] && status == PGRES_COMMAND_OK) {
            prepared_.insert(parsed[i]->name);
        } else if (i == queued - 1 && status != PGRES_PIPELINE_ABORTED) {
            last = got;
            got = nullptr;
        }
        if (got) PQclear(got);
    }
    pg_result* sync = ok ? PQgetResult(c) : nullptr;
    ok = ok && sync && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    if (sync) PQclear(sync);
    ok = ok && PQexitPipelineMode(c) == 1;
    if (!ok) {
        if (last) PQclear(last);
        if (error) PQclear(error);
        broken_ = true;
        throw Unavailable(std::string("pipeline: ") + PQerrorMessage(c));
    }
    if (error) {
        if (last) PQclear(last);
        fail(error, "execute");
    }
    if (inTransaction_) txScope_ = scope;
    if (scope.role != kLoginScope.role) rolesServed_.insert(scope.searchPath);
    return Result(last);
}

// A tenant statement is prepared under a name of its schema's own: PostgreSQL re-plans
// a prepared statement whenever the search_path differs from the one it was planned
// under, so one name shared by all tenants would be re-planned on almost every use of a
// spread load (bench/tenancy, 1,000 tenants: spread/one 0.60 with shared names, 0.73 per schema
// with 512 kept, 0.52 with 128 kept). At most kMaxTenantStatements of them stay prepared per
// connection, least recently used deallocated first; with the pool's tenant affinity a connection
// serves a share of the tenants, so most uses hit.
constexpr std::size_t kMaxTenantStatements = 512;

void Connection::touch(const std::string& name) {
    auto it = lruIndex_.find(name);
    if (it != lruIndex_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second);
        return;
    }
    if (lru_.size() >= kMaxTenantStatements) {
        const std::string old = lru_.back();
        lruIndex_.erase(old);
        lru_.pop_back();
        if (prepared_.erase(old)) run("DEALLOCATE " + quoteIdent(old));
    }
    lru_.push_front(name);
    lruIndex_[name] = lru_.begin();
}

Result Connection::exec(const Bound& given, std::initializer_list<Param> params) {
    if (params.size() > 16) throw QueryError("too many parameters", "", "");
    bool retryable = fresh_ && !inTransaction_;
    fresh_ = false;
    if (broken_) reconnect();
    Statement own;
    const Statement* st = &given.statement;
    if (prepare_ && given.scope) {
        const std::string& path = given.scope->searchPath;  // "schema", quoted
        own.name = given.statement.name + "_" + path.substr(1, path.size() - 2);
        touch(own.name);
        // The text is only sent with a Parse; no copy when it is prepared already.
        if (!prepared_.count(own.name)) own.sql = given.statement.sql;
        st = &own;
    }
    const Bound b{*st, given.scope};
    // Outside a transaction every tenant statement sets its scope; inside, only the
    // first, or one whose scope differs from what the transaction has (a control
    // statement after a tenant one goes back to the login role).
    const Scope* scope = b.scope;
    if (!scope && inTransaction_ && !txScope_.role.empty() && !(txScope_ == kLoginScope))
        scope = &kLoginScope;
    if (scope && inTransaction_ && txScope_ == *scope) scope = nullptr;
    try {
        return scope ? execScoped(b, *scope, params) : execOnce(b, params);
    } catch (const Unavailable&) {
        // A pooled connection that died while idle (server restart) is only found
        // out on use; one fresh connection decides whether the database is down. A
        // timeout on a live connection is not retried: it would only wait twice.
        if (!retryable || !broken_) throw;
        reconnect();
        if (st == &own) {  // the new connection has nothing prepared
            own.sql = given.statement.sql;
            touch(own.name);
        }
        return scope ? execScoped(b, *scope, params) : execOnce(b, params);
    }
}

Result Connection::run(const std::string& sql) {
    if (broken_) reconnect();
    PGconn* c = handle_;
    pg_result* r = PQexec(c, sql.c_str());
    ExecStatusType status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r, "query");
    return Result(r);
}

void Connection::begin() {
    bool retryable = fresh_;
    fresh_ = false;
    try {
        run("BEGIN");
    } catch (const Unavailable&) {
        if (!retryable || !broken_) throw;
        reconnect();
        run("BEGIN");
    }
    inTransaction_ = true;
    txScope_ = Scope{};
}

void Connection::commit() {
    inTransaction_ = false;
    txScope_ = Scope{};
    run("COMMIT");
}

void Connection::rollback() noexcept {
    inTransaction_ = false;
    txScope_ = Scope{};
    if (broken_) return;
    try {
        run("ROLLBACK");
    } catch (...) {
        broken_ = true;
    }
}

}  // namespace ta::db
