#pragma once
#include "domain/Refusal.h"
#include "http/ApiError.h"

namespace ta::api {

// How each route family words the domain's refusals: the OpenSight routes as seed
// 000, the /api/v1 routes as seed 002. The one place a domain::Refusal becomes an
// ApiError (and ErrorMap makes that an answer).
struct RefusalWording {
    static http::ApiError of(const domain::Refusal& r, bool statusFamily);
};

}  // namespace ta::api
