#include "tenant/Tenant.h"

namespace ta::tenant {

const SigningKey* Tenant::currentKey() const {
    for (const SigningKey& k : keys)
        if (k.retiredAt == 0) return &k;
    return nullptr;
}

const SigningKey* Tenant::verifyingKey(const std::string& kid, std::int64_t now,
                                       std::int64_t grace) const {
    for (const SigningKey& k : keys)
        if (k.kid == kid && (k.retiredAt == 0 || k.retiredAt + grace > now)) return &k;
    return nullptr;
}

}  // namespace ta::tenant
