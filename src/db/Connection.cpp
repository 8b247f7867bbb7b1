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
    inTransaction_ = false;
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

Result Connection::execOnce(const Statement& st, std::initializer_list<Param> params) {
    PGconn* c = handle_;
    const char* values[16];
    int n = 0;
    for (const Param& p : params) values[n++] = p.c_str();
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

Result Connection::exec(const Statement& st, std::initializer_list<Param> params) {
    if (params.size() > 16) throw QueryError("too many parameters", "", "");
    bool retryable = fresh_ && !inTransaction_;
    fresh_ = false;
    if (broken_) reconnect();
    try {
        return execOnce(st, params);
    } catch (const Unavailable&) {
        // A pooled connection that died while idle (server restart) is only found
        // out on use; one fresh connection decides whether the database is down. A
        // timeout on a live connection is not retried: it would only wait twice.
        if (!retryable || !broken_) throw;
        reconnect();
        return execOnce(st, params);
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
}

void Connection::commit() {
    inTransaction_ = false;
    run("COMMIT");
}

void Connection::rollback() noexcept {
    inTransaction_ = false;
    if (broken_) return;
    try {
        run("ROLLBACK");
    } catch (...) {
        broken_ = true;
    }
}

}  // namespace ta::db
