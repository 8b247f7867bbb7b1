#pragma once
#include <string>
#include <utility>
#include <vector>

#include "api/Services.h"
#include "http/Request.h"
#include "http/Response.h"
#include "tenant/Tenant.h"

namespace ta::api {

struct Context {
    const http::Request& req;
    Services& svc;
    const tenant::Tenant* tenant = nullptr;
    const std::vector<std::pair<std::string, std::string>>* params = nullptr;

    const tenant::Tenant& t() const { return *tenant; }
    std::string param(const std::string& name) const {
        if (params)
            for (const auto& [k, v] : *params)
                if (k == name) return v;
        return {};
    }
};

using Handler = http::Response (*)(Context&);

}  // namespace ta::api
