#include "HttpClient.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <chrono>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace ta::test {

HttpClient::HttpClient(std::string baseUrl, std::string defaultHost)
    : baseUrl_(std::move(baseUrl)), defaultHost_(std::move(defaultHost)) {
    if (baseUrl_.empty()) {
        const char* env = std::getenv("TA_BASE_URL");
        baseUrl_ = env ? env : "http://127.0.0.1:8080";
    }
    while (!baseUrl_.empty() && baseUrl_.back() == '/') baseUrl_.pop_back();
    Poco::URI uri(baseUrl_);
    address_ = uri.getHost();
    port_ = uri.getPort();
}

HttpResponse HttpClient::send(const std::string& method, const std::string& path, const Headers& headers,
                              const std::string& body, const std::string& host) const {
    auto start = std::chrono::steady_clock::now();
    HttpResponse out;
    try {
        Poco::Net::HTTPClientSession session(address_, port_);
        session.setTimeout(Poco::Timespan(timeoutSeconds_, 0));
        session.setKeepAlive(false);
        Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        request.setHost(host.empty() ? defaultHost_ : host);
        for (const auto& h : headers) request.add(h.first, h.second);
        if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
            request.setContentLength(static_cast<std::streamsize>(body.size()));
        std::ostream& os = session.sendRequest(request);
        if (!body.empty()) os.write(body.data(), static_cast<std::streamsize>(body.size()));

        Poco::Net::HTTPResponse response;
        std::istream& is = session.receiveResponse(response);
        out.status = static_cast<int>(response.getStatus());
        out.reason = response.getReason();
        for (const auto& h : response) out.headers.emplace_back(h.first, h.second);
        std::ostringstream ss;
        Poco::StreamCopier::copyStream(is, ss);
        out.body = ss.str();
    } catch (const Poco::Exception& e) {
        throw std::runtime_error(method + " " + path + " (Host " + (host.empty() ? defaultHost_ : host) +
                                 ") via " + baseUrl_ + ": " + e.displayText());
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

HttpResponse HttpClient::get(const std::string& path, const Headers& headers, const std::string& host) const {
    return send("GET", path, headers, "", host);
}

HttpResponse HttpClient::postJson(const std::string& path, const std::string& json, const Headers& headers,
                                  const std::string& host) const {
    Headers all = headers;
    all.emplace_back("Content-Type", "application/json");
    return send("POST", path, all, json, host);
}

}  // namespace ta::test
