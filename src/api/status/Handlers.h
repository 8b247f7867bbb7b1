#pragma once
#include "api/Context.h"

// The STATUS routes (seed 002) under /api/v1: errors as {"message": ...}.
namespace ta::api::status {

http::Response signIn(Context& c);
http::Response signUp(Context& c);
http::Response refresh(Context& c);
http::Response signOut(Context& c);
http::Response whoami(Context& c);
http::Response header(Context& c);
http::Response githubAuth(Context& c);
http::Response twofaSetup(Context& c);
http::Response twofaVerify(Context& c);
http::Response twofaStatus(Context& c);
http::Response twofaDisable(Context& c);

}  // namespace ta::api::status
