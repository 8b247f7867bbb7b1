#include "cli/Ctl.h"

namespace ta::cli {

db::Connection& Ctl::db() {
    if (!db_) {
        if (settings.db.empty()) throw Failure("no database: give --db DSN or db = in the config file");
        db_ = std::make_unique<db::Connection>(settings.db, 60000);
        db_->reconnect();
    }
    return *db_;
}

const util::SecretBox& Ctl::box() {
    if (!box_) box_ = std::make_unique<util::SecretBox>(util::SecretBox::fromKeyFile(settings.secretKeyFile));
    return *box_;
}

}  // namespace ta::cli
