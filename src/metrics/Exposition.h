#pragma once
#include <string>
#include <vector>

#include "metrics/Scoreboard.h"

namespace ta::metrics {

// A route's labels: its method and pattern ("/api/admin/users/{id}"), never the raw
// path, so the label set is the route table's.
struct RouteLabel {
    std::string method;
    std::string route;
};

// The Prometheus text format (version 0.0.4) of a block. routes[i] names route index
// i; series that were never touched are left out, except the gauges and the
// per-outcome login and authorizer counters, which are always shown.
class Exposition {
public:
    static constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";
    static std::string render(const Block& b, const std::vector<RouteLabel>& routes);
    // A label value with \\, " and newline escaped.
    static std::string escape(const std::string& value);
};

}  // namespace ta::metrics
