#include "cli/Options.h"

#include "config/Settings.h"

namespace ta::cli {

std::vector<std::string> Options::many(const std::string& name) {
    std::vector<std::string> out, rest;
    const std::string flag = "--" + name, prefix = flag + "=";
    for (size_t i = 0; i < args_.size(); ++i) {
        if (args_[i] == flag) {
            if (i + 1 >= args_.size()) throw config::UsageError(flag + " needs a value");
            out.push_back(args_[++i]);
        } else if (args_[i].rfind(prefix, 0) == 0) {
            out.push_back(args_[i].substr(prefix.size()));
        } else {
            rest.push_back(args_[i]);
        }
    }
    args_ = rest;
    return out;
}

std::string Options::one(const std::string& name) {
    auto v = many(name);
    if (v.size() > 1) throw config::UsageError("--" + name + " given twice");
    return v.empty() ? std::string() : v[0];
}

std::string Options::required(const std::string& name) {
    std::string v = one(name);
    if (v.empty()) throw config::UsageError("--" + name + " is required");
    return v;
}

bool Options::flag(const std::string& name) {
    std::vector<std::string> rest;
    bool found = false;
    for (const auto& a : args_) {
        if (a == "--" + name)
            found = true;
        else
            rest.push_back(a);
    }
    args_ = rest;
    return found;
}

std::vector<std::string> Options::positionals(size_t count, const char* names) {
    std::vector<std::string> out;
    for (const auto& a : args_) {
        if (a.rfind("--", 0) == 0) throw config::UsageError("unknown option " + a);
        out.push_back(a);
    }
    if (out.size() != count) throw config::UsageError(std::string("expected ") + names);
    return out;
}

}  // namespace ta::cli
