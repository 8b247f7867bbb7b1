#include "account/LoginLockout.h"

#include <cctype>

#include "account/LockoutStore.h"

namespace ta::account {

LoginLockout::LoginLockout(const tenant::Tenant& t, const std::optional<identity::User>& u,
                           const std::string& login, const std::string& clientAddr)
    : t_(t) {
    if (u) {
        account_ = "user:" + u->id;
    } else {
        std::string lower = login.substr(0, 320);
        for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        account_ = "login:" + lower;
    }
    address_ = clientAddr.empty() ? account_ : "addr:" + clientAddr;
}

int LoginLockout::lockedFor(db::Connection& c) const {
    return LockoutStore(c, t_).lockedFor(account_, address_);
}

void LoginLockout::recordFailure(db::Connection& c) const {
    const auto& s = t_.settings;
    LockoutStore store(c, t_);
    store.recordFailure(account_, s.lockoutMaxFailures, s.lockoutWindowSeconds,
                        s.lockoutLockSeconds);
    if (address_ != account_)
        store.recordFailure(address_, s.lockoutMaxFailures * kAddressFactor, s.lockoutWindowSeconds,
                            s.lockoutLockSeconds);
}

void LoginLockout::recordSuccess(db::Connection& c) const { LockoutStore(c, t_).reset(account_); }

}  // namespace ta::account
