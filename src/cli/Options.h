#pragma once
#include <map>
#include <string>
#include <vector>

namespace ta::cli {

// A subcommand's own arguments: `--name value`, `--name=value`, `--flag`, and
// positionals. Anything asked for is consumed; positionals() then refuses leftovers.
class Options {
public:
    explicit Options(const std::vector<std::string>& args) : args_(args) {}
    std::vector<std::string> many(const std::string& name);
    std::string one(const std::string& name);       // "" when absent
    std::string required(const std::string& name);  // UsageError when absent
    bool flag(const std::string& name);
    std::vector<std::string> positionals(size_t count, const char* names);

private:
    std::vector<std::string> args_;
};

}  // namespace ta::cli
