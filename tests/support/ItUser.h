// A user created through the HTTP API by ItEnv::registerUser.
#pragma once

#include "HttpResponse.h"

#include <string>

namespace ta::test {

struct ItUser {
    std::string host;
    std::string email;
    std::string password;
    std::string id;
    std::string accessToken;
    std::string refreshToken;  // value of the refresh_token cookie
    HttpResponse response;     // the register (or login) answer
};

}  // namespace ta::test
