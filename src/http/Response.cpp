#include "http/Response.h"

#include <sstream>

#include "util/JsonWriter.h"

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

// Every error answer and message: the writer, not a Poco object (see JsonWriter.h).
Response Response::text(int status, const char* key, const std::string& text) {
    util::JsonWriter w(text.size() + 32);
    w.beginObject().key(key).string(text).endObject();
    Response r;
    r.status = status;
    r.body = w.take();
    return r;
}

Response Response::noContent() {
    Response r;
    r.status = 204;
    r.contentType.clear();
    return r;
}

}  // namespace ta::http
