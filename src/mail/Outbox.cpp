#include "mail/Outbox.h"

#include "mail/MailQueueStore.h"
#include "mail/OutboxStore.h"
#include "util/Base64Url.h"

namespace ta::mail {

namespace {
std::string aad(const tenant::Tenant& t) { return Outbox::bodyAad(t.id); }
}  // namespace

bool Outbox::enqueue(db::Connection& c, const tenant::Tenant& t, const Mail& m, bool when) const {
    std::string sealed = util::Base64Url::encode(box_.seal(m.body, aad(t)));
    bool written = OutboxStore(c, t).insert(when, m.kind, m.to, m.subject, sealed);
    MailQueueStore(c).signal(written, t.id);
    return written;
}

std::optional<std::string> Outbox::openBody(const tenant::Tenant& t,
                                            const std::string& sealed) const {
    auto raw = util::Base64Url::decode(sealed);
    if (!raw) return std::nullopt;
    return box_.open(*raw, aad(t));
}

}  // namespace ta::mail
