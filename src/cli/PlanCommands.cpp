#include <iostream>

#include "cli/Ctl.h"
#include "cli/Options.h"
#include "domain/Refusal.h"
#include "plan/Plans.h"

namespace ta::cli {

namespace {
std::optional<long long> number(Options& o, const std::string& name) {
    std::string v = o.one(name);
    if (v.empty()) return std::nullopt;
    if (v.size() > 12 || v.find_first_not_of("0123456789-") != std::string::npos)
        throw config::UsageError("--" + name + " must be an integer");
    return std::stoll(v);
}

void print(const plan::Plan& p) {
    std::cout << p.id << "\t" << p.name << "\tmax-api-keys=" << p.maxApiKeys
              << "\trequests-per-minute=" << p.requestsPerMinute << "\n";
}

int planList(Ctl& ctl) {
    Options o(ctl.args);
    std::string slug = o.required("tenant");
    o.positionals(0, "no positional arguments");
    auto tenant = ctl.tenant(slug);
    for (const auto& p : plan::Plans(ctl.pool()).list(*tenant)) print(p);
    return 0;
}

int planSet(Ctl& ctl) {
    Options o(ctl.args);
    std::string slug = o.required("tenant");
    plan::PlanChange change;
    std::string name = o.one("name");
    if (!name.empty()) change.name = name;
    change.maxApiKeys = number(o, "max-api-keys");
    change.requestsPerMinute = number(o, "requests-per-minute");
    change.id = o.positionals(1, "PLAN")[0];
    auto tenant = ctl.tenant(slug);
    bool created = false;
    try {
        plan::Plan p =
            plan::Plans(ctl.pool()).put(*tenant, change, "", {"", "tenantauthctl"}, created);
        std::cout << "plan " << p.id << (created ? " created" : " updated") << " in " << slug
                  << ": ";
        print(p);
    } catch (const domain::Refusal& e) {
        throw Failure(e.what());
    }
    return 0;
}
}  // namespace

void registerPlanCommands(std::vector<Command>& out) {
    out.push_back({{"plan", "list"}, "plan list --tenant SLUG", planList});
    out.push_back(
        {{"plan", "set"},
         "plan set --tenant SLUG PLAN [--name NAME] [--max-api-keys N] [--requests-per-minute N]",
         planSet});
}

}  // namespace ta::cli
