// Minimal HTTP/1.1 client for the integration tests (Poco::Net, one connection per
// request so it is safe to use from many threads).
#pragma once

#include "HttpResponse.h"

#include <string>
#include <utility>
#include <vector>

namespace ta::test {

class HttpClient {
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    // baseUrl like "http://127.0.0.1:8080"; empty = $TA_BASE_URL.
    explicit HttpClient(std::string baseUrl = "", std::string defaultHost = "alpha.test");

    // host "" = the default host. Throws std::runtime_error when no answer arrives.
    HttpResponse send(const std::string& method, const std::string& path, const Headers& headers = {},
                      const std::string& body = "", const std::string& host = "") const;

    HttpResponse get(const std::string& path, const Headers& headers = {}, const std::string& host = "") const;
    // POST with Content-Type: application/json.
    HttpResponse postJson(const std::string& path, const std::string& json, const Headers& headers = {},
                          const std::string& host = "") const;

    const std::string& baseUrl() const { return baseUrl_; }
    void setTimeoutSeconds(int s) { timeoutSeconds_ = s; }

private:
    std::string baseUrl_;
    std::string defaultHost_;
    std::string address_;
    unsigned short port_ = 80;
    int timeoutSeconds_ = 30;
};

}  // namespace ta::test
