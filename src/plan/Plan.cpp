#include "plan/Plan.h"

namespace ta::plan {

bool Plan::validId(const std::string& id) {
    if (id.empty() || id.size() > 40 || id[0] == '-' || id[0] == '_') return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'))
            return false;
    return true;
}

}  // namespace ta::plan
