// Reading /api/metrics in the integration tests.
#pragma once

#include <string>

#include "HttpClient.h"

namespace ta::test {

struct ItMetrics {
    // GET /api/metrics through the web server; throws std::runtime_error unless 200.
    static std::string scrape(const HttpClient& client = HttpClient()) {
        HttpResponse r = client.get("/api/metrics");
        if (r.status != 200)
            throw std::runtime_error("GET /api/metrics: " + std::to_string(r.status));
        return r.body;
    }
    // The value of one series ("name{labels}" exactly as exposed); 0 when absent.
    static double value(const std::string& text, const std::string& series) {
        std::string needle = "\n" + series + " ";
        size_t at = text.find(needle);
        if (at == std::string::npos) return 0;
        return std::stod(text.substr(at + needle.size()));
    }
};

}  // namespace ta::test
