#pragma once
#include <optional>
#include <string>
#include <vector>

#include "audit/Origin.h"
#include "db/Pool.h"
#include "identity/User.h"
#include "tenant/Tenant.h"
#include "util/Clock.h"
#include "util/SecretBox.h"

namespace ta::mfa {

struct Enrollment {
    std::string secret;  // base32, for manual entry
    std::string otpauthUrl;
    std::string qrCode;  // data:image/png;base64,...
};

// TOTP two-factor authentication for one user: enrolment, the login check (with
// replay guard and recovery codes) and removal. Secrets are sealed under the key
// file, bound to tenant and user.
class TwoFactor {
public:
    TwoFactor(db::Pool& pool, const util::SecretBox& box, const util::Clock& clock)
        : pool_(pool), box_(box), clock_(clock) {}

    // The tenant's enrolment policy (twofaSetup: ADMIN or ALL): Refusal Forbidden
    // for a user it leaves out.
    static void requireEnrolmentRight(const tenant::Tenant& t, const identity::User& u);

    // A new secret, pending until a code for it is verified; 2FA stays as it was.
    // Refusal Invalid when 2FA is already on.
    Enrollment setup(const tenant::Tenant& t, const identity::User& u);
    // Verifies a code for the pending secret; on success 2FA is on and the ten
    // recovery codes, shown only now, are returned.
    std::optional<std::vector<std::string>> enable(const tenant::Tenant& t, const identity::User& u,
                                                   const std::string& code,
                                                   const audit::Origin& origin);
    // A current TOTP code not used before, or an unused recovery code (audited).
    bool acceptLoginCode(const tenant::Tenant& t, const identity::User& u, const std::string& code,
                         const audit::Origin& origin);
    bool disable(const tenant::Tenant& t, const identity::User& u, const audit::Origin& origin);

    // The AAD a user's TOTP secrets are sealed with: they open for that user only.
    static std::string secretAad(const std::string& tenantId, const std::string& userId);

private:
    std::string aad(const tenant::Tenant& t, const identity::User& u) const;

    db::Pool& pool_;
    const util::SecretBox& box_;
    const util::Clock& clock_;
};

}  // namespace ta::mfa
