#pragma once
#include <string>
#include <string_view>

namespace ta::tenant {

// ^[a-z][a-z0-9_]{1,39}$ — the only way a tenant name reaches a schema name.
struct Slug {
    static bool valid(std::string_view slug);
    static std::string schemaFor(std::string_view validSlug) {
        return "tenant_" + std::string(validSlug);
    }
    static bool validHost(std::string_view host);
};

}  // namespace ta::tenant
