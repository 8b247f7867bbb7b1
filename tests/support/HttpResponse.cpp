#include "HttpResponse.h"

#include <Poco/JSON/Parser.h>
#include <Poco/String.h>

#include <stdexcept>

namespace ta::test {

std::string HttpResponse::header(const std::string& name) const {
    for (const auto& h : headers)
        if (Poco::icompare(h.first, name) == 0) return h.second;
    return "";
}

bool HttpResponse::hasHeader(const std::string& name) const {
    for (const auto& h : headers)
        if (Poco::icompare(h.first, name) == 0) return true;
    return false;
}

std::vector<std::string> HttpResponse::headerValues(const std::string& name) const {
    std::vector<std::string> out;
    for (const auto& h : headers)
        if (Poco::icompare(h.first, name) == 0) out.push_back(h.second);
    return out;
}

Poco::JSON::Object::Ptr HttpResponse::json() const {
    try {
        Poco::JSON::Parser parser;
        Poco::Dynamic::Var v = parser.parse(body);
        if (v.type() == typeid(Poco::JSON::Object::Ptr)) return v.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
    }
    throw std::runtime_error("response body is not a JSON object: " + describe());
}

std::string HttpResponse::jsonString(const std::string& key) const {
    try {
        Poco::JSON::Object::Ptr o = json();
        if (o->has(key) && o->get(key).isString()) return o->getValue<std::string>(key);
    } catch (const std::exception&) {
    }
    return "";
}

std::string HttpResponse::errorMessage() const {
    std::string m = jsonString("error");
    return m.empty() ? jsonString("message") : m;
}

HttpSetCookie HttpResponse::cookie(const std::string& name) const {
    HttpSetCookie found;
    for (const auto& value : headerValues("Set-Cookie")) {
        HttpSetCookie c = HttpSetCookie::parse(value);
        if (c.name == name) found = c;
    }
    return found;
}

std::string HttpResponse::describe() const {
    std::string b = body.size() > 300 ? body.substr(0, 300) + "..." : body;
    std::string rid = header("X-Request-Id");
    return std::to_string(status) + " " + b + (rid.empty() ? "" : " (rid=" + rid + ")");
}

}  // namespace ta::test
