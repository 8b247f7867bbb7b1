#include "credential/PasswordHasher.h"

#include <crypt.h>

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "util/Digest.h"
#include "util/Random.h"

namespace ta::credential {

namespace {
// crypt_data is ~32 KiB: one per thread, not per call and not on a small stack.
crypt_data& scratch() {
    thread_local std::unique_ptr<crypt_data> data(new crypt_data());
    return *data;
}
}  // namespace

std::string PasswordHasher::hash(const std::string& password, int cost) {
    std::string rnd = util::Random::bytes(16);
    char salt[CRYPT_GENSALT_OUTPUT_SIZE];
    if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost), rnd.data(),
                          static_cast<int>(rnd.size()), salt, sizeof salt))
        throw std::runtime_error("crypt_gensalt_rn failed");
    crypt_data& d = scratch();
    const char* out = crypt_r(password.c_str(), salt, &d);
    if (!out || out[0] == '*') throw std::runtime_error("crypt_r failed");
    return out;
}

bool PasswordHasher::verify(const std::string& password, const std::string& stored) {
    if (stored.size() < 7 || stored[0] != '$' || stored[1] != '2') return false;
    crypt_data& d = scratch();
    const char* out = crypt_r(password.c_str(), stored.c_str(), &d);
    if (!out || out[0] == '*') return false;
    return util::Digest::equal(out, stored);
}

int PasswordHasher::bcryptCost(const std::string& h) {
    static const std::string alphabet =
        "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    if (h.size() != 60 || h.compare(0, 2, "$2") != 0 || h[3] != '$' || h[6] != '$') return 0;
    if (h[2] != 'a' && h[2] != 'b' && h[2] != 'y') return 0;
    if (h[4] < '0' || h[4] > '9' || h[5] < '0' || h[5] > '9') return 0;
    int cost = (h[4] - '0') * 10 + (h[5] - '0');
    if (cost < 4 || cost > 31) return 0;
    if (h.find_first_not_of(alphabet, 7) != std::string::npos) return 0;
    return cost;
}

bool PasswordHasher::needsRehash(const std::string& h, int cost) {
    return h.compare(0, 4, "$2b$") != 0 || bcryptCost(h) != cost;
}

bool PasswordHasher::verifyAtCost(const std::string& password, const std::string& stored,
                                  int cost) {
    bool ok = verify(password, stored);
    int c = bcryptCost(stored);
    if (c >= 4)
        for (int k = c; k < cost; ++k) verify(password, dummyHash(k));
    return ok;
}

const std::string& PasswordHasher::dummyHash(int cost) {
    static std::mutex mutex;
    static std::array<std::string, 32> byCost;
    cost = std::clamp(cost, 4, 31);
    std::lock_guard<std::mutex> lock(mutex);
    std::string& h = byCost[static_cast<size_t>(cost)];
    if (h.empty()) h = hash(util::Random::hex(16), cost);
    return h;
}

}  // namespace ta::credential
