#pragma once
#include <Poco/JSON/Object.h>

#include "identity/User.h"

namespace ta::api {

// The shapes of a user: OpenSight's `user`, STATUS's whoami and the admin API's.
struct UserViews {
    static Poco::JSON::Object::Ptr openSight(const identity::User& u);
    static Poco::JSON::Object::Ptr whoami(const identity::User& u);
    // The admin API's: OpenSight's fields plus username, authority, disabled, 2FA.
    static Poco::JSON::Object::Ptr admin(const identity::User& u);
};

}  // namespace ta::api
