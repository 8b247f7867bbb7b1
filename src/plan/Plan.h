#pragma once
#include <string>

namespace ta::plan {

// A tenant's plan: how many live API keys a user on it may hold and how many
// requests a minute a user or key may make.
struct Plan {
    std::string id;
    std::string name;
    int maxApiKeys = 0;
    int requestsPerMinute = 1;
    std::string createdAt;
    std::string updatedAt;

    static constexpr const char* kDefault = "free";
    // Plan ids: 1 to 40 of a-z, 0-9, '_' and '-', starting with a letter or digit.
    static bool validId(const std::string& id);
};

}  // namespace ta::plan
