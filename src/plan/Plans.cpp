#include "plan/Plans.h"

#include "audit/AuditStore.h"
#include "domain/Refusal.h"
#include "plan/PlanStore.h"

namespace ta::plan {

namespace {
using domain::Reason;
using domain::Refusal;

const char* kIdRule =
    "plan id must be 1 to 40 of a-z, 0-9, '_' and '-', starting with a letter or digit";
}  // namespace

std::vector<Plan> Plans::list(const tenant::Tenant& t) {
    auto lease = pool_.acquire();
    return PlanStore(*lease, t).list();
}

Plan Plans::put(const tenant::Tenant& t, const PlanChange& change, const std::string& actorId,
                const audit::Origin& origin, bool& created) {
    if (!Plan::validId(change.id)) throw Refusal(Reason::Invalid, kIdRule);
    if (change.name && (change.name->empty() || change.name->size() > 100))
        throw Refusal(Reason::Invalid, "name must be 1 to 100 bytes");
    if (change.maxApiKeys && (*change.maxApiKeys < 0 || *change.maxApiKeys > kMaxApiKeysLimit))
        throw Refusal(Reason::Invalid, "maxApiKeys must be an integer from 0 to " +
                                           std::to_string(kMaxApiKeysLimit));
    if (change.requestsPerMinute &&
        (*change.requestsPerMinute < 1 || *change.requestsPerMinute > kRequestsPerMinuteLimit))
        throw Refusal(Reason::Invalid, "requestsPerMinute must be an integer from 1 to " +
                                           std::to_string(kRequestsPerMinuteLimit));
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    PlanStore store(*lease, t);
    std::optional<Plan> old = store.find(change.id);
    if (!old && !change.maxApiKeys)
        throw Refusal(Reason::Invalid, "maxApiKeys is required for a new plan");
    if (!old && !change.requestsPerMinute)
        throw Refusal(Reason::Invalid, "requestsPerMinute is required for a new plan");
    Plan p;
    if (old) p = *old;
    p.id = change.id;
    if (!old) p.name = change.id;
    if (change.name) p.name = *change.name;
    if (change.maxApiKeys) p.maxApiKeys = static_cast<int>(*change.maxApiKeys);
    if (change.requestsPerMinute) p.requestsPerMinute = static_cast<int>(*change.requestsPerMinute);
    Plan saved = store.upsert(p, created);
    audit::AuditStore(*lease, t).record(audit::AuditEvent("plan.changed", "", actorId)
                                            .with("plan", saved.id)
                                            .with("created", created)
                                            .with("name", saved.name)
                                            .with("maxApiKeys", saved.maxApiKeys)
                                            .with("requestsPerMinute", saved.requestsPerMinute),
                                        origin);
    tx.commit();
    return saved;
}

void Plans::remove(const tenant::Tenant& t, const std::string& id, const std::string& actorId,
                   const audit::Origin& origin) {
    if (id == Plan::kDefault) throw Refusal(Reason::Conflict, "The free plan cannot be deleted");
    if (!Plan::validId(id)) throw Refusal(Reason::NotFound, "Plan not found");
    auto lease = pool_.acquire();
    db::Transaction tx(*lease);
    switch (PlanStore(*lease, t).remove(id)) {
        case PlanStore::Removal::NotFound:
            throw Refusal(Reason::NotFound, "Plan not found");
        case PlanStore::Removal::InUse:
            throw Refusal(Reason::Conflict, "Plan is in use by one or more users");
        case PlanStore::Removal::Removed:
            break;
    }
    audit::AuditStore(*lease, t).record(
        audit::AuditEvent("plan.deleted", "", actorId).with("plan", id), origin);
    tx.commit();
}

}  // namespace ta::plan
