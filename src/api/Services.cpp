#include "api/Services.h"

#include <algorithm>

#include "util/Log.h"

namespace ta::api {

Services::Services(const config::Settings& s)
    : box(util::SecretBox::fromKeyFile(s.secretKeyFile)),
      pool(s.db, s.dbPoolSize, s.statementTimeoutMs, s.preparedStatements()),
      tenants(pool, box),
      // Hash jobs queued or running hold all request threads but two. Logins beyond
      // that wait for a place (hash-wait-ms) on the last two only while no token checks
      // come; with token checks (the authenticator tells the pool) those two stay theirs.
      hashes(s.hashThreads, std::max(1, s.workers - 2), s.hashWaitMs),
      tokens(clock),
      twoFactor(pool, box, clock),
      outbox(box),
      verification(pool, outbox),
      passwordReset(pool, hashes, outbox),
      accounts(pool, hashes, tokens, twoFactor, clock, &verification),
      authenticator(pool, tokens, &hashes.tokenChecks()),
      limiter(pool, clock),
      apiKeys(pool),
      plans(pool),
      userAdmin(pool),
      settingsAdmin(pool, box),
      auditAdmin(pool),
      janitor(pool, tenants),
      mailSender(pool, tenants, outbox, box),
      oauth(pool, box, tokens, twoFactor, clock) {
    applyReloadable(s);
}

void Services::applyReloadable(const config::Settings& s) {
    development.store(s.development());
    util::Log::setLevel(s.logLevel);
    janitor.setRetentionDays(s.auditRetentionDays);
    limiter.setEnabled(s.rateLimits == "on");
    mailSender.setRetrySeconds(s.mailRetrySeconds);
    hashes.setWaitMillis(s.hashWaitMs);
    std::atomic_store(
        &metricsAllow,
        std::shared_ptr<const metrics::AllowList>(
            std::make_shared<metrics::AllowList>(metrics::AllowList::parse(s.metricsAllow))));
}

}  // namespace ta::api
