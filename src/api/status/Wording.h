#pragma once
#include "http/ApiError.h"
#include "identity/AuthError.h"

namespace ta::api::status {

// How the STATUS seed words each refusal of the account domain.
struct Wording {
    static http::ApiError of(const identity::AuthError& e) {
        using http::ErrorCode;
        using identity::AuthFailure;
        switch (e.reason()) {
            case AuthFailure::BadCredentials:
                return {ErrorCode::Unauthorized, "Invalid password or user not found"};
            case AuthFailure::TotpRequired: return {ErrorCode::Unauthorized, "2FA token required"};
            case AuthFailure::TotpInvalid: return {ErrorCode::Unauthorized, "Invalid 2FA token"};
            case AuthFailure::InvalidRefresh: return {ErrorCode::Forbidden, "Invalid or expired refresh token"};
            case AuthFailure::UsernameTaken: return {ErrorCode::BadRequest, "Username already exists"};
            case AuthFailure::EmailTaken: return {ErrorCode::BadRequest, "Email already registered"};
        }
        return {ErrorCode::Unauthorized, "Unauthorized"};
    }
};

}  // namespace ta::api::status
