#include "fcgi/FcgiParams.h"

#include <strings.h>

#include <cstdlib>

#include "util/Random.h"

namespace ta::fcgi {

namespace {
enum Field {
    kMethod,
    kUri,
    kQuery,
    kHost,
    kHttps,
    kOrigin,
    kSecFetchSite,
    kTenant,
    kAuthorization,
    kCookie,
    kContentType,
    kRemoteAddr,
    kRequestId,
    kContentLength,
    kFields
};
constexpr std::string_view kNames[kFields] = {"REQUEST_METHOD",
                                              "REQUEST_URI",
                                              "QUERY_STRING",
                                              "HTTP_HOST",
                                              "HTTPS",
                                              "HTTP_ORIGIN",
                                              "HTTP_SEC_FETCH_SITE",
                                              "TENANTAUTH_TENANT",
                                              "HTTP_AUTHORIZATION",
                                              "HTTP_COOKIE",
                                              "CONTENT_TYPE",
                                              "REMOTE_ADDR",
                                              "HTTP_X_REQUEST_ID",
                                              "CONTENT_LENGTH"};

constexpr std::size_t kIdsPerRefill = 512;

// The field `name` fills, or kFields. By length first: most of the ~20 params a web
// server sends are none of these, and a walk comparing all 14 names cost 190
// instructions per param (bench/profile).
int fieldOf(std::string_view name) {
    auto either = [&](Field a, Field b) {
        return name == kNames[a] ? a : name == kNames[b] ? b : kFields;
    };
    switch (name.size()) {
        case 5:
            return name == kNames[kHttps] ? kHttps : kFields;
        case 9:
            return name == kNames[kHost] ? kHost : kFields;
        case 11: {
            int f = either(kUri, kCookie);
            return f != kFields ? f : either(kOrigin, kRemoteAddr);
        }
        case 12:
            return either(kQuery, kContentType);
        case 14:
            return either(kMethod, kContentLength);
        case 17:
            return either(kTenant, kRequestId);
        case 18:
            return name == kNames[kAuthorization] ? kAuthorization : kFields;
        case 19:
            return name == kNames[kSecFetchSite] ? kSecFetchSite : kFields;
        default:
            return kFields;
    }
}
}  // namespace

void FcgiParams::add(std::string_view name, std::string_view value) {
    int f = fieldOf(name);
    if (f == kFields || (seen_ & (1u << f))) return;
    seen_ |= 1u << f;
    switch (f) {
        case kMethod:
            req_.method.assign(value);
            break;
        case kUri:
            req_.path.assign(value.substr(0, value.find('?')));
            break;
        case kQuery:
            req_.query.assign(value);
            break;
        case kHost:
            req_.hostHeader.assign(value);
            break;
        case kHttps:
            https_ = value;
            break;
        case kOrigin:
            req_.origin.assign(value);
            break;
        case kSecFetchSite:
            req_.secFetchSite.assign(value);
            break;
        case kTenant:
            req_.tenantParam.assign(value);
            break;
        case kAuthorization:
            req_.authorization.assign(value);
            break;
        case kCookie:
            req_.cookieHeader.assign(value);
            break;
        case kContentType:
            req_.contentType.assign(value);
            break;
        case kRemoteAddr:
            req_.remoteAddr.assign(value);
            break;
        case kRequestId:
            requestId_ = value;
            break;
        default:
            contentLength_ = value;
            break;
    }
}

void FcgiParams::finish() {
    req_.host = http::Request::normalizeHost(req_.hostHeader);
    req_.https = https_ == "1" || (https_.size() == 2 && strncasecmp(https_.data(), "on", 2) == 0);
    if (saneRequestId(requestId_))
        req_.requestId.assign(requestId_);
    else
        req_.requestId = freshRequestId();
}

long long FcgiParams::contentLength() const {
    if (contentLength_.empty()) return 0;
    std::string text(contentLength_);  // NUL-terminated for atoll; short: no allocation
    return std::atoll(text.c_str());
}

bool FcgiParams::saneRequestId(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    for (char c : id) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.'))
            return false;
    }
    return true;
}

std::string FcgiParams::freshRequestId() {
    static const char digits[] = "0123456789abcdef";
    thread_local std::string pool;
    thread_local std::size_t used = 0;
    if (used + 8 > pool.size()) {
        pool = util::Random::bytes(8 * kIdsPerRefill);
        used = 0;
    }
    std::string out(16, '0');
    for (std::size_t i = 0; i < 8; ++i) {
        auto c = static_cast<unsigned char>(pool[used + i]);
        out[2 * i] = digits[c >> 4];
        out[2 * i + 1] = digits[c & 0x0f];
    }
    used += 8;
    return out;
}

}  // namespace ta::fcgi
