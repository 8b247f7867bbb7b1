#pragma once
#include <Poco/JSON/Object.h>

#include "identity/User.h"

namespace ta::api {

// The two public shapes of a user: OpenSight's `user` and STATUS's whoami.
struct UserViews {
    static Poco::JSON::Object::Ptr openSight(const identity::User& u);
    static Poco::JSON::Object::Ptr whoami(const identity::User& u);
};

}  // namespace ta::api
