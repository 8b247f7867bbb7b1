#include "metrics/Exposition.h"

#include <algorithm>
#include <cstdio>

namespace ta::metrics {

namespace {
uint64_t get(const Counter& c) { return c.load(std::memory_order_relaxed); }

void header(std::string& out, const char* name, const char* type, const char* help) {
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

// One sample: counters are uint64_t, gauges int64_t.
template <class T>
void line(std::string& out, const char* name, const std::string& labels, T value) {
    out += name;
    if (!labels.empty()) out += '{' + labels + '}';
    out += ' ' + std::to_string(value) + '\n';
}

std::string number(double v, const char* format = "%g") {
    char buf[48];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

std::string routeLabels(int i, const std::vector<RouteLabel>& routes) {
    if (i == kUnmatchedRoute) return "method=\"\",route=\"unmatched\"";
    if (i == kAuthorizerRoute) return "method=\"\",route=\"authorizer\"";
    const RouteLabel& r = routes[static_cast<size_t>(i)];
    return "method=\"" + Exposition::escape(r.method) + "\",route=\"" +
           Exposition::escape(r.route) + "\"";
}

std::vector<int> routeIndexes(const std::vector<RouteLabel>& routes) {
    std::vector<int> out;
    int n = static_cast<int>(std::min<size_t>(routes.size(), kUnmatchedRoute));
    for (int i = 0; i < n; ++i) out.push_back(i);
    out.push_back(kUnmatchedRoute);
    out.push_back(kAuthorizerRoute);
    return out;
}

void requests(std::string& out, const Block& b, const std::vector<RouteLabel>& routes) {
    header(out, "tenantauth_http_requests_total", "counter",
           "Requests answered, by route and status.");
    for (int r : routeIndexes(routes)) {
        for (int s = 0; s < kStatuses; ++s) {
            uint64_t v = get(b.requests[r][s]);
            if (v == 0) continue;
            std::string status = s < kStatuses - 1 ? std::to_string(kStatusCodes[s]) : "other";
            line(out, "tenantauth_http_requests_total",
                 routeLabels(r, routes) + ",status=\"" + status + "\"", v);
        }
    }
}

void latency(std::string& out, const Block& b, const std::vector<RouteLabel>& routes) {
    const char* name = "tenantauth_http_request_duration_seconds";
    header(out, name, "histogram", "Time from the request's arrival to its last byte, by route.");
    for (int r : routeIndexes(routes)) {
        uint64_t counts[kBuckets + 1];
        uint64_t total = 0;
        for (int k = 0; k <= kBuckets; ++k) total += counts[k] = get(b.latency[r][k]);
        if (total == 0) continue;
        std::string labels = routeLabels(r, routes);
        uint64_t cumulative = 0;
        for (int k = 0; k < kBuckets; ++k) {
            cumulative += counts[k];
            line(out, "tenantauth_http_request_duration_seconds_bucket",
                 labels + ",le=\"" + number(kBucketBounds[k]) + "\"", cumulative);
        }
        line(out, "tenantauth_http_request_duration_seconds_bucket", labels + ",le=\"+Inf\"",
             total);
        out += "tenantauth_http_request_duration_seconds_sum{" + labels + "} " +
               number(static_cast<double>(get(b.latencyMicros[r])) / 1e6, "%.6f") + "\n";
        line(out, "tenantauth_http_request_duration_seconds_count", labels, total);
    }
}

void tenants(std::string& out, const Block& b) {
    header(out, "tenantauth_tenant_requests_total", "counter",
           "Requests by tenant and status class (the first 256 tenants seen; then "
           "tenant=\"_other\").");
    auto series = [&](const std::string& tenant, const Counter* byClass) {
        for (int c = 0; c < kStatusClasses; ++c) {
            uint64_t v = get(byClass[c]);
            if (v)
                line(out, "tenantauth_tenant_requests_total",
                     "tenant=\"" + Exposition::escape(tenant) + "\",class=\"" +
                         std::to_string(c + 1) + "xx\"",
                     v);
        }
    };
    for (const TenantRow& row : b.tenants)
        if (row.state.load(std::memory_order_acquire) == 2) series(row.slug, row.byClass);
    series("_other", b.tenantOverflow);
}

void outcomes(std::string& out, const char* name, const char* help, const char* label,
              const Counter* counters, const char* const* names, int n) {
    header(out, name, "counter", help);
    for (int i = 0; i < n; ++i)
        line(out, name, std::string(label) + "=\"" + names[i] + "\"", get(counters[i]));
}

void gauges(std::string& out, const Block& b) {
    int64_t processes = 0, inUse = 0, open = 0, queued = 0, inFlight = 0, tenantsLoaded = 0;
    for (const Slot& s : b.slots) {
        if (s.pid.load(std::memory_order_relaxed) == 0) continue;
        ++processes;
        inUse += s.poolInUse.load(std::memory_order_relaxed);
        open += s.poolOpen.load(std::memory_order_relaxed);
        queued += s.hashQueued.load(std::memory_order_relaxed);
        inFlight += s.inFlight.load(std::memory_order_relaxed);
        // Every process loads the same directory: the largest is the current one.
        tenantsLoaded = std::max(tenantsLoaded, s.tenantsLoaded.load(std::memory_order_relaxed));
    }
    struct G {
        const char* name;
        const char* help;
        int64_t value;
    };
    for (const G& g :
         {G{"tenantauth_worker_processes", "Worker processes running.", processes},
          G{"tenantauth_requests_in_flight", "Requests being answered now.", inFlight},
          G{"tenantauth_db_pool_connections_in_use",
            "Database connections leased to a request now.", inUse},
          G{"tenantauth_db_pool_connections_open", "Database connections open.", open},
          G{"tenantauth_hash_queue_depth", "bcrypt jobs queued or running in the hash pools.",
            queued},
          G{"tenantauth_tenants_loaded", "Tenants in the workers' directory.", tenantsLoaded}}) {
        header(out, g.name, "gauge", g.help);
        line(out, g.name, "", g.value);
    }
}

void counter(std::string& out, const char* name, const char* help, const Counter& c) {
    header(out, name, "counter", help);
    line(out, name, "", get(c));
}
}  // namespace

std::string Exposition::escape(const std::string& value) {
    std::string out;
    for (char c : value) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

std::string Exposition::render(const Block& b, const std::vector<RouteLabel>& routes) {
    std::string out;
    out.reserve(16384);
    requests(out, b, routes);
    latency(out, b, routes);
    tenants(out, b);
    outcomes(out, "tenantauth_logins_total", "Login attempts on both APIs, by outcome.", "outcome",
             b.logins, kLoginNames, static_cast<int>(Login::Count));
    outcomes(out, "tenantauth_authorizer_checks_total", "FastCGI Authorizer answers, by result.",
             "result", b.authorizer, kAuthorizerNames, static_cast<int>(AuthorizerResult::Count));
    gauges(out, b);
    counter(out, "tenantauth_db_pool_waits_total",
            "Times a request waited for a free database connection.", b.poolWaits);
    counter(out, "tenantauth_db_pool_timeouts_total",
            "Times no database connection came free in time (answered 503).", b.poolTimeouts);
    counter(out, "tenantauth_db_errors_total", "Requests answered 503 because the database failed.",
            b.dbErrors);
    counter(out, "tenantauth_hash_jobs_total", "bcrypt hashes and checks run.", b.hashJobs);
    counter(out, "tenantauth_hash_waits_total",
            "bcrypt jobs that found the hash pool full and waited for a place (hash-wait-ms).",
            b.hashWaits);
    counter(out, "tenantauth_hash_rejections_total",
            "bcrypt jobs refused (answered 503): the hash pool stayed full for hash-wait-ms, "
            "or was full while token checks were being served.",
            b.hashRejected);
    counter(out, "tenantauth_worker_restarts_total",
            "Worker processes that died and were started again.", b.workerRestarts);
    return out;
}

}  // namespace ta::metrics
