#pragma once
#include <string>

#include "mail/Mail.h"

namespace ta::mail {

// The plain-text mails the service sends, in the tenant's name. Links come from the
// tenant's urls settings only, never from the request's Host.
struct Letters {
    // `urlTemplate` with every "{token}" replaced by `token`; without "{token}", the
    // token is appended as a "token" query parameter. `token` is base64url: nothing to
    // escape.
    static std::string link(const std::string& urlTemplate, const std::string& token);

    static Mail resetPassword(const std::string& tenantName, const std::string& to,
                              const std::string& link);
    static Mail verifyEmail(const std::string& tenantName, const std::string& to,
                            const std::string& link);
};

}  // namespace ta::mail
