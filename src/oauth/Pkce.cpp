#include "oauth/Pkce.h"

#include <openssl/sha.h>

#include "util/Base64Url.h"
#include "util/Digest.h"

namespace ta::oauth {

std::string Pkce::verifier(const std::string& browserSecret, const std::string& state) {
    return util::Base64Url::encode(util::Digest::hmacSha256(browserSecret, "pkce:" + state));
}

std::string Pkce::challengeS256(const std::string& verifier) {
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), md);
    return util::Base64Url::encode(std::string_view(reinterpret_cast<const char*>(md), sizeof md));
}

}  // namespace ta::oauth
