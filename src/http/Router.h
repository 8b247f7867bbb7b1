#pragma once
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ta::http {

// What a route needs from the pipeline before its handler runs.
struct RouteOptions {
    bool jsonBody = false;    // POST body must be application/json (415 otherwise)
    bool needsTenant = true;  // resolve the tenant first (404/403 when unknown/disabled)
    // A state change its cookie authorizes: refused (403) when a browser sent it for
    // another origin (SameOrigin::foreign); requests with an Authorization header
    // are not cookie-authenticated, unless the route reads no credential from it.
    bool sameOrigin = false;
};

// Method + path to a handler. Patterns are literal segments or `{name}`; literal
// routes are found with one hash lookup, so the common case costs no parsing.
template <class Handler>
class Router {
public:
    struct Match {
        const Handler* handler = nullptr;
        const RouteOptions* options = nullptr;
        int index = -1;  // the route's place in the table (metrics label it by this)
        std::vector<std::pair<std::string, std::string>> params;
        bool pathKnown = false;  // some method serves this path (405 rather than 404)
        std::string allow;       // methods that do, for the Allow header
    };

    void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {}) {
        std::vector<std::string> segments;
        for (auto seg : split(pattern)) segments.emplace_back(seg);
        Entry e{std::move(method), pattern, std::move(segments), std::move(handler), options};
        if (pattern.find('{') == std::string::npos) {
            literal_[pattern].push_back(routes_.size());
        } else {
            patterned_.push_back(routes_.size());
        }
        routes_.push_back(std::move(e));
    }

    // Calls f(index, method, pattern) for each route, in table order.
    template <class F>
    void forEach(F f) const {
        for (size_t i = 0; i < routes_.size(); ++i)
            f(static_cast<int>(i), routes_[i].method, routes_[i].pattern);
    }

    Match match(std::string_view method, const std::string& path) const {
        Match m;
        auto it = literal_.find(path);
        if (it != literal_.end()) {
            for (size_t idx : it->second) consider(routes_[idx], idx, method, {}, m);
            if (m.handler) return m;
        }
        std::vector<std::string_view> segs;
        for (size_t idx : patterned_) {
            if (segs.empty()) segs = split(path);
            std::vector<std::pair<std::string, std::string>> params;
            if (matches(routes_[idx].segments, segs, params))
                consider(routes_[idx], idx, method, std::move(params), m);
            if (m.handler) return m;
        }
        return m;
    }

private:
    struct Entry {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
        RouteOptions options;
    };

    static void consider(const Entry& e, size_t index, std::string_view method,
                         std::vector<std::pair<std::string, std::string>> params, Match& m) {
        m.pathKnown = true;
        if (e.method == method) {
            m.handler = &e.handler;
            m.index = static_cast<int>(index);
            m.options = &e.options;
            m.params = std::move(params);
            return;
        }
        if (!m.allow.empty()) m.allow += ", ";
        m.allow += e.method;
    }

    static std::vector<std::string_view> split(std::string_view path) {
        std::vector<std::string_view> out;
        size_t pos = 0;
        while (pos < path.size()) {
            size_t end = path.find('/', pos);
            if (end == std::string_view::npos) end = path.size();
            if (end > pos) out.push_back(path.substr(pos, end - pos));
            pos = end + 1;
        }
        return out;
    }

    static bool matches(const std::vector<std::string>& pattern,
                        const std::vector<std::string_view>& path,
                        std::vector<std::pair<std::string, std::string>>& params) {
        if (pattern.size() != path.size()) return false;
        for (size_t i = 0; i < pattern.size(); ++i) {
            if (!pattern[i].empty() && pattern[i].front() == '{') {
                params.emplace_back(std::string(pattern[i].substr(1, pattern[i].size() - 2)),
                                    std::string(path[i]));
            } else if (pattern[i] != path[i]) {
                return false;
            }
        }
        return true;
    }

    std::vector<Entry> routes_;
    std::unordered_map<std::string, std::vector<size_t>> literal_;
    std::vector<size_t> patterned_;
};

}  // namespace ta::http
