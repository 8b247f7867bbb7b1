#include "http/Response.h"

#include <sstream>

namespace ta::http {

Poco::JSON::Object::Ptr orderedObject() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::Dynamic::Var orNull(const std::optional<std::string>& v) {
    return v ? Poco::Dynamic::Var(*v) : Poco::Dynamic::Var();
}

Response Response::json(int status, const Poco::JSON::Object& object) {
    Response r;
    r.status = status;
    std::ostringstream out;
    object.stringify(out);
    r.body = out.str();
    return r;
}

Response Response::text(int status, const char* key, const std::string& text) {
    Poco::JSON::Object o;
    o.set(key, text);
    return json(status, o);
}

Response Response::noContent() {
    Response r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

}  // namespace ta::http
