#pragma once
#include <Poco/JSON/Object.h>

#include "identity/User.h"

namespace ta::util {
class JsonWriter;
}

namespace ta::api {

// The shapes of a user: OpenSight's `user`, STATUS's whoami and the admin API's.
struct UserViews {
    // Written as one object value into `w` (alone, after a key or in an array): these
    // are on the hot path (/api/users/me, every login), see util/JsonWriter.h.
    static void openSight(util::JsonWriter& w, const identity::User& u);
    static void whoami(util::JsonWriter& w, const identity::User& u);
    // The admin API's: OpenSight's fields plus username, authority, disabled, 2FA.
    static Poco::JSON::Object::Ptr admin(const identity::User& u);
};

}  // namespace ta::api
