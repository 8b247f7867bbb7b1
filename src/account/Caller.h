#pragma once
#include <string>

#include "identity/User.h"

namespace ta::account {

// Who a request is from, as stored now: the user, and the API key when it came
// with one instead of an access token.
struct Caller {
    identity::User user;
    std::string apiKeyId;       // "" for an access token
    int requestsPerMinute = 0;  // the user's plan's limit

    bool viaApiKey() const { return !apiKeyId.empty(); }
    // The rate limiter's subject: each key has its own budget, a user's tokens share one.
    std::string rateSubject() const { return viaApiKey() ? "key:" + apiKeyId : "user:" + user.id; }
};

}  // namespace ta::account
