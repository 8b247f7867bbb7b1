#include "mail/Letters.h"

namespace ta::mail {

std::string Letters::link(const std::string& urlTemplate, const std::string& token) {
    static const std::string placeholder = "{token}";
    std::string out = urlTemplate;
    bool replaced = false;
    for (size_t pos = out.find(placeholder); pos != std::string::npos;
         pos = out.find(placeholder, pos + token.size())) {
        out.replace(pos, placeholder.size(), token);
        replaced = true;
    }
    if (replaced) return out;
    size_t hash = out.find('#');
    std::string fragment = hash == std::string::npos ? "" : out.substr(hash);
    out = out.substr(0, hash);
    out += out.find('?') == std::string::npos         ? "?"
           : (out.back() == '?' || out.back() == '&') ? ""
                                                      : "&";
    return out + "token=" + token + fragment;
}

Mail Letters::resetPassword(const std::string& tenantName, const std::string& to,
                            const std::string& link) {
    Mail m;
    m.kind = "reset_password";
    m.to = to;
    m.subject = "Reset your " + tenantName + " password";
    m.body = "Hello,\n\nsomeone asked to reset the password of the " + tenantName + " account of " +
             to + ". To choose a new password, open this link within an hour:\n\n" + link +
             "\n\nThe link works once. If you did not ask for this, ignore this mail: your "
             "password stays as it is.\n\n-- \n" +
             tenantName + "\n";
    return m;
}

Mail Letters::verifyEmail(const std::string& tenantName, const std::string& to,
                          const std::string& link) {
    Mail m;
    m.kind = "verify_email";
    m.to = to;
    m.subject = "Confirm your email address for " + tenantName;
    m.body = "Hello,\n\nplease confirm that " + to + " is your address for your " + tenantName +
             " account by opening this link within 24 hours:\n\n" + link +
             "\n\nIf you did not create this account, ignore this mail.\n\n-- \n" + tenantName +
             "\n";
    return m;
}

}  // namespace ta::mail
