#include "http/SameOrigin.h"

#include <cctype>

namespace ta::http {

namespace {
std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return std::string(s);
}
}  // namespace

std::string SameOrigin::canonical(std::string_view origin) {
    std::string o = lower(trimmed(origin));
    std::string scheme;
    if (o.rfind("https://", 0) == 0) {
        scheme = "https";
    } else if (o.rfind("http://", 0) == 0) {
        scheme = "http";
    } else {
        return {};
    }
    std::string authority = o.substr(scheme.size() + 3);
    if (authority.empty() || authority.find_first_of("/?#@ ") != std::string::npos) return {};
    const std::string defaultPort = scheme == "https" ? ":443" : ":80";
    if (authority.size() > defaultPort.size() &&
        authority.compare(authority.size() - defaultPort.size(), defaultPort.size(), defaultPort) ==
            0)
        authority.resize(authority.size() - defaultPort.size());
    return scheme + "://" + authority;
}

std::string SameOrigin::ownOrigin(const Request& r) {
    std::string host = trimmed(r.hostHeader);
    if (host.empty()) return {};
    return canonical((r.https ? "https://" : "http://") + host);
}

bool SameOrigin::foreign(const Request& r) {
    const std::string site = lower(trimmed(r.secFetchSite));
    const bool hasOrigin = !r.origin.empty();
    const std::string own = ownOrigin(r);
    const bool ownOriginSent = hasOrigin && !own.empty() && canonical(r.origin) == own;
    if (site == "cross-site") return true;
    if (site == "same-site" && !ownOriginSent) return true;
    return hasOrigin && !ownOriginSent;
}

}  // namespace ta::http
