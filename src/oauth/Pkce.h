#pragma once
#include <string>

namespace ta::oauth {

// PKCE (RFC 7636) with S256. The verifier is not stored: it is derived from the
// browser-binding secret (kept only in the browser's HttpOnly cookie) and the state,
// so the callback can recompute it and a database dump cannot redeem a code.
struct Pkce {
    // base64url(HMAC-SHA256(browserSecret, "pkce:" + state)): 43 characters of the
    // unreserved set, as RFC 7636 4.1 asks.
    static std::string verifier(const std::string& browserSecret, const std::string& state);
    // base64url(SHA-256(verifier)), RFC 7636 4.2.
    static std::string challengeS256(const std::string& verifier);
};

}  // namespace ta::oauth
