#pragma once
#include <string>

namespace ta::audit {

// Where a change came from, for its audit record: the client address as the web
// server saw it (REMOTE_ADDR, never a forwarded header) and the request id.
struct Origin {
    std::string clientAddr;
    std::string requestId;
};

}  // namespace ta::audit
