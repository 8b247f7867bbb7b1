#pragma once
#include "api/Context.h"

// The OpenSight account routes (seed 000): errors as {"error": ...}.
namespace ta::api::opensight {

http::Response registerUser(Context& c);
http::Response login(Context& c);
http::Response refresh(Context& c);
http::Response logout(Context& c);
http::Response me(Context& c);
// {user, accessToken} with `status` and the refresh_token cookie: every login's answer.
http::Response sessionAnswer(Context& c, int status, const account::Session& s);

// Sign-in with GitHub and Google (OAuthHandlers.cpp).
http::Response githubStart(Context& c);
http::Response googleStart(Context& c);
http::Response githubCallback(Context& c);
http::Response googleCallback(Context& c);
http::Response googleToken(Context& c);
http::Response oauthTwoFactor(Context& c);

http::Response createApiKey(Context& c);
http::Response listApiKeys(Context& c);
http::Response revokeApiKey(Context& c);

http::Response forgotPassword(Context& c);
http::Response resetPassword(Context& c);
http::Response verifyEmail(Context& c);

}  // namespace ta::api::opensight
