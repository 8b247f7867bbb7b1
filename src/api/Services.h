#pragma once
#include <atomic>
#include <memory>
#include <string>

#include "account/AccountService.h"
#include "account/Authenticator.h"
#include "admin/AuditAdmin.h"
#include "admin/SettingsAdmin.h"
#include "admin/UserAdmin.h"
#include "apikey/ApiKeys.h"
#include "config/Settings.h"
#include "credential/HashPool.h"
#include "db/Pool.h"
#include "http/Cookies.h"
#include "mail/MailSender.h"
#include "mail/Outbox.h"
#include "maintenance/Janitor.h"
#include "metrics/AllowList.h"
#include "mfa/TwoFactor.h"
#include "oauth/OAuthLogin.h"
#include "plan/Plans.h"
#include "ratelimit/RateLimiter.h"
#include "recovery/EmailVerification.h"
#include "recovery/PasswordReset.h"
#include "tenant/TenantDirectory.h"
#include "token/AccessTokens.h"
#include "util/Clock.h"
#include "util/SecretBox.h"

namespace ta::api {

// Everything a worker process builds once, after fork, and shares between its
// request threads.
struct Services {
    explicit Services(const config::Settings& s);

    void applyReloadable(const config::Settings& s);
    http::Cookies cookies() const {
        return http::Cookies(!development.load(std::memory_order_relaxed));
    }
    bool isDevelopment() const { return development.load(std::memory_order_relaxed); }
    // May this client address read /api/metrics (loopback or metrics-allow)?
    bool metricsAllowed(const std::string& remoteAddr) const {
        return std::atomic_load(&metricsAllow)->permits(remoteAddr);
    }

    util::SystemClock clock;
    util::SecretBox box;
    db::Pool pool;
    tenant::TenantDirectory tenants;
    credential::HashPool hashes;
    token::AccessTokens tokens;
    mfa::TwoFactor twoFactor;
    mail::Outbox outbox;
    recovery::EmailVerification verification;
    recovery::PasswordReset passwordReset;
    account::AccountService accounts;
    account::Authenticator authenticator;
    ratelimit::RateLimiter limiter;
    apikey::ApiKeys apiKeys;
    plan::Plans plans;
    admin::UserAdmin userAdmin;
    admin::SettingsAdmin settingsAdmin;
    admin::AuditAdmin auditAdmin;
    maintenance::Janitor janitor;
    mail::MailSender mailSender;
    oauth::OAuthLogin oauth;
    std::atomic<bool> development{false};
    std::shared_ptr<const metrics::AllowList> metricsAllow;  // swapped whole on reload
};

}  // namespace ta::api
