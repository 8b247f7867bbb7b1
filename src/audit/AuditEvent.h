#pragma once
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>

namespace ta::audit {

// One audit record. `details` never holds a secret (no password, token, key or code).
struct AuditEvent {
    std::string type;     // e.g. "login.failure"; see AuditStore.h for the list
    std::string userId;   // whom it concerns ("" when no account matched)
    std::string actorId;  // who did it ("" when it is the user themself or nobody)
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);

    AuditEvent(std::string type, std::string userId, std::string actorId = {})
        : type(std::move(type)), userId(std::move(userId)), actorId(std::move(actorId)) {}
    AuditEvent& with(const std::string& key, const Poco::Dynamic::Var& value) {
        details->set(key, value);
        return *this;
    }
};

// A stored record as the admin API lists it.
struct AuditRecord {
    std::int64_t id = 0;
    std::string createdAt;
    std::string type;
    std::optional<std::string> userId;
    std::optional<std::string> actorId;
    std::optional<std::string> clientAddr;
    std::optional<std::string> requestId;
    std::string detailsJson;
};

}  // namespace ta::audit
