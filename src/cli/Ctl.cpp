#include "cli/Ctl.h"

#include "tenant/Slug.h"
#include "tenant/TenantStore.h"

namespace ta::cli {

db::Connection& Ctl::db() {
    if (!db_) {
        if (settings.db.empty())
            throw Failure("no database: give --db DSN or db = in the config file");
        db_ = std::make_unique<db::Connection>(settings.db, 60000, settings.preparedStatements());
        db_->reconnect();
    }
    return *db_;
}

const util::SecretBox& Ctl::box() {
    if (!box_)
        box_ =
            std::make_unique<util::SecretBox>(util::SecretBox::fromKeyFile(settings.secretKeyFile));
    return *box_;
}

db::Pool& Ctl::pool() {
    if (!pool_) {
        if (settings.db.empty())
            throw Failure("no database: give --db DSN or db = in the config file");
        pool_ = std::make_unique<db::Pool>(settings.db, 1, 60000, settings.preparedStatements());
    }
    return *pool_;
}

std::shared_ptr<const tenant::Tenant> Ctl::tenant(const std::string& slug) {
    if (!tenant::Slug::valid(slug))
        throw Failure("invalid slug '" + slug + "': must match ^[a-z][a-z0-9_]{1,39}$");
    auto rec = tenant::TenantStore(db(), box()).find(slug);
    if (!rec) throw Failure("no tenant '" + slug + "'");
    return rec->tenant;
}

}  // namespace ta::cli
