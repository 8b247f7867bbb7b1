#include "oauth/ProviderHttp.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/IPAddress.h>
#include <Poco/Net/PrivateKeyPassphraseHandler.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>

namespace ta::oauth {

namespace {
// One TLS client context per process: system CAs, peer verification, host name check.
// An invalid certificate is rejected by the handler, never accepted.
Poco::Net::Context::Ptr tlsContext() {
    static std::once_flag once;
    static Poco::Net::Context::Ptr context;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                         Poco::Net::Context::VERIFY_RELAXED, 9, true);
        context->enableExtendedCertificateVerification(true);
        Poco::SharedPtr<Poco::Net::InvalidCertificateHandler> reject =
            new Poco::Net::RejectCertificateHandler(false);
        Poco::Net::SSLManager::instance().initializeClient(
            Poco::SharedPtr<Poco::Net::PrivateKeyPassphraseHandler>(), reject, context);
    });
    return context;
}

std::string hex2(unsigned char c) {
    static const char* digits = "0123456789ABCDEF";
    return {'%', digits[c >> 4], digits[c & 15]};
}

std::string encode(const std::string& s) {
    std::string out;
    for (unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~')
            out += static_cast<char>(c);
        else
            out += hex2(c);
    }
    return out;
}
}  // namespace

bool ProviderHttp::loopbackHost(const std::string& host) {
    if (host == "localhost") return true;
    // An address literal only: a name such as 127.0.0.1.example.com is not loopback.
    std::string literal = host;
    if (literal.size() > 2 && literal.front() == '[' && literal.back() == ']')
        literal = literal.substr(1, literal.size() - 2);
    Poco::Net::IPAddress addr;
    return Poco::Net::IPAddress::tryParse(literal, addr) && addr.isLoopback();
}

std::string ProviderHttp::formEncode(const Form& form) {
    std::string out;
    for (const auto& [k, v] : form) {
        if (!out.empty()) out += '&';
        out += encode(k) + "=" + encode(v);
    }
    return out;
}

Poco::Timespan ProviderHttp::left(int cap, const std::string& where) const {
    auto rest = std::chrono::duration_cast<std::chrono::microseconds>(deadline_ - Clock::now());
    if (rest.count() <= 0) throw Failure("time budget used up before " + where);
    return Poco::Timespan(std::min<std::int64_t>(rest.count(), std::int64_t(cap) * 1000000));
}

ProviderReply ProviderHttp::get(const std::string& url, const Headers& headers) const {
    return send("GET", url, headers, nullptr);
}

ProviderReply ProviderHttp::postForm(const std::string& url, const Form& form,
                                     const Headers& headers) const {
    std::string body = formEncode(form);
    return send("POST", url, headers, &body);
}

ProviderReply ProviderHttp::send(const std::string& method, const std::string& url,
                                 const Headers& headers, const std::string* body) const {
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::Exception&) {
        throw Failure("malformed provider URL");
    }
    // For messages: no user info, no query.
    const std::string where = uri.getScheme() + "://" + uri.getHost() + ":" +
                              std::to_string(uri.getPort()) + uri.getPath();
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https")
        session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                                  tlsContext());
    else if (uri.getScheme() == "http" && loopbackHost(uri.getHost()))
        session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    else
        throw Failure("provider URL must be https (http only for loopback): " + where);
    try {
        session->setTimeout(left(kConnectSeconds, where), left(kIoSeconds, where),
                            left(kIoSeconds, where));
        session->setKeepAlive(false);
        Poco::Net::HTTPRequest req(method,
                                   uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                   Poco::Net::HTTPMessage::HTTP_1_1);
        req.set("User-Agent", "tenantauth");
        for (const auto& [k, v] : headers) req.set(k, v);
        if (body) {
            req.setContentType("application/x-www-form-urlencoded");
            req.setContentLength(static_cast<std::streamsize>(body->size()));
        }
        std::ostream& os = session->sendRequest(req);
        if (body) os.write(body->data(), static_cast<std::streamsize>(body->size()));
        Poco::Net::HTTPResponse resp;
        std::istream& is = session->receiveResponse(resp);
        ProviderReply out;
        out.status = static_cast<int>(resp.getStatus());
        // A provider trickling bytes must not hold the worker past the budget.
        char buf[8192];
        while (is) {
            is.read(buf, sizeof buf);
            out.body.append(buf, static_cast<std::size_t>(is.gcount()));
            if (out.body.size() > kMaxBody) throw Failure("answer too large from " + where);
            if (Clock::now() > deadline_) throw Failure("answer too slow from " + where);
        }
        return out;
    } catch (const Poco::TimeoutException&) {
        throw Failure("timeout talking to " + where);
    } catch (const Poco::Exception& e) {
        // displayText: the exception's name and reason (refused, certificate verify
        // failed, ...); Poco puts no request data in it.
        throw Failure(e.displayText() + " talking to " + where);
    } catch (const std::ios_base::failure&) {
        throw Failure("read error talking to " + where);
    }
}

}  // namespace ta::oauth
