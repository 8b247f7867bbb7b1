#!/usr/bin/env python3
"""A fake GitHub and Google for the OAuth integration tests (loopback, plain http).

    tests/fakes/oauth_provider.py PORT [TLS_PORT CERT KEY]

GitHub under /github (authorize /github/login/oauth/authorize, token
/github/login/oauth/access_token, API /github/api/user and /user/emails), Google
under /google (/google/auth, /google/token, /google/userinfo).

The authorize endpoint approves at once and redirects to redirect_uri with code and
state, like a user who clicked "Authorize". Which account it approves, and how the
provider misbehaves afterwards, the test says with extra query parameters:
  fake_id, fake_email, fake_verified (1|0), fake_name
  fake_mode: token_error (refuses the code), token_hang (sleeps 30 s), token_close
             (closes the connection), user_garbage (user info not JSON), user_500,
             user_hang
The token endpoint checks like the real ones: a known, unused code of this client;
client_secret == "secret-" + client_id; redirect_uri equal to the authorize one when
that had one; code_verifier whose S256 is the code_challenge when there was one.
GET /_last_token returns the last token request's form (for assertions).

With TLS_PORT, the same endpoints are also served over https with CERT (self-signed,
so a client that verifies certificates must refuse it); GET /_tls_counts (plain port)
says how many connections reached the TLS port and how many requests got through.
"""
import base64
import hashlib
import json
import secrets
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

LOCK = threading.Lock()
CODES = {}    # code -> dict(client_id, redirect_uri, challenge, method, profile, mode, provider)
TOKENS = {}   # access token -> (profile, mode)
LAST = {}
TLS_COUNTS = {"connections": 0, "requests": 0}


def s256(verifier):
    digest = hashlib.sha256(verifier.encode()).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("fake-oauth: " + (fmt % args) + "\n")

    def reply(self, status, body, ctype="application/json", headers=()):
        data = body if isinstance(body, bytes) else (
            json.dumps(body) if not isinstance(body, str) else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Connection", "close")
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def query(self):
        return {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}

    def count_tls(self):
        if getattr(self.server, "tls", False):
            with LOCK:
                TLS_COUNTS["requests"] += 1

    def do_GET(self):
        self.count_tls()
        path = urlsplit(self.path).path
        if path == "/_tls_counts":
            with LOCK:
                return self.reply(200, dict(TLS_COUNTS))
        if path in ("/github/login/oauth/authorize", "/google/auth"):
            return self.authorize("github" if path.startswith("/github") else "google")
        if path == "/_last_token":
            with LOCK:
                return self.reply(200, dict(LAST))
        if path in ("/github/api/user", "/github/api/user/emails", "/google/userinfo"):
            return self.user(path)
        self.reply(404, {"error": "not_found"})

    def do_POST(self):
        self.count_tls()
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        if path in ("/github/login/oauth/access_token", "/google/token"):
            return self.token("github" if path.startswith("/github") else "google", form)
        self.reply(404, {"error": "not_found"})

    def authorize(self, provider):
        q = self.query()
        if "client_id" not in q or "redirect_uri" not in q:
            return self.reply(400, {"error": "invalid_request"})
        code = secrets.token_urlsafe(16)
        profile = {
            "id": q.get("fake_id", "1"),
            "email": q.get("fake_email", ""),
            "verified": q.get("fake_verified", "1") == "1",
            "name": q.get("fake_name", "Fake User"),
        }
        with LOCK:
            CODES[code] = {
                "provider": provider, "client_id": q["client_id"],
                "redirect_uri": q.get("redirect_uri"),
                "challenge": q.get("code_challenge"), "method": q.get("code_challenge_method"),
                "profile": profile, "mode": q.get("fake_mode", ""),
            }
        target = q["redirect_uri"]
        params = {"code": code}
        if "state" in q:
            params["state"] = q["state"]
        sep = "&" if "?" in target else "?"
        self.reply(302, "", headers=[("Location", target + sep + urlencode(params))])

    def token(self, provider, form):
        with LOCK:
            LAST.clear()
            LAST.update(form)
            LAST["provider"] = provider
            grant = CODES.pop(form.get("code", ""), None)
        def refuse(error, status=400):
            # GitHub answers a refused code with 200 and an error body.
            self.reply(200 if provider == "github" else status, {"error": error})
        if grant is None or grant["provider"] != provider:
            return refuse("bad_verification_code")
        mode = grant["mode"]
        if mode == "token_hang":
            time.sleep(30)
            return refuse("too_late")
        if mode == "token_close":
            self.close_connection = True
            self.connection.shutdown(2)
            return None
        if mode == "token_error":
            return refuse("invalid_grant")
        if form.get("client_id") != grant["client_id"] or \
                form.get("client_secret") != "secret-" + grant["client_id"]:
            return refuse("incorrect_client_credentials", 401)
        if grant["redirect_uri"] and "redirect_uri" in form and \
                form["redirect_uri"] != grant["redirect_uri"]:
            return refuse("redirect_uri_mismatch")
        if grant["challenge"]:
            if grant["method"] != "S256" or s256(form.get("code_verifier", "")) != grant["challenge"]:
                return refuse("invalid_grant: PKCE verification failed")
        access = ("gho_" if provider == "github" else "ya29.") + secrets.token_urlsafe(20)
        with LOCK:
            TOKENS[access] = (grant["profile"], mode)
        body = {"access_token": access, "token_type": "bearer", "scope": "read:user,user:email"}
        if provider == "google":
            body = {"access_token": access, "token_type": "Bearer", "expires_in": 3599,
                    "scope": "openid email profile", "id_token": "unused"}
        self.reply(200, body)

    def user(self, path):
        auth = self.headers.get("Authorization", "")
        with LOCK:
            found = TOKENS.get(auth[7:]) if auth.startswith("Bearer ") else None
        if found is None:
            return self.reply(401, {"message": "Bad credentials"})
        profile, mode = found
        if mode == "user_hang":
            time.sleep(30)
        if mode == "user_garbage":
            return self.reply(200, "<html>this is not JSON", "text/html")
        if mode == "user_500":
            return self.reply(500, {"message": "Server Error"})
        if path == "/github/api/user":
            return self.reply(200, {"id": int(profile["id"]), "login": "fake" + profile["id"],
                                    "name": profile["name"],
                                    "avatar_url": "https://avatars.example/" + profile["id"],
                                    "email": None})
        if path == "/github/api/user/emails":
            emails = [{"email": "other-" + profile["id"] + "@noreply.example", "primary": False,
                       "verified": True, "visibility": None}]
            if profile["email"]:
                emails.append({"email": profile["email"], "primary": True,
                               "verified": profile["verified"], "visibility": "public"})
            return self.reply(200, emails)
        body = {"sub": profile["id"], "name": profile["name"],
                "picture": "https://lh3.example/" + profile["id"]}
        if profile["email"]:
            body["email"] = profile["email"]
            body["email_verified"] = profile["verified"]
        self.reply(200, body)


class TLSServer(ThreadingHTTPServer):
    daemon_threads = True
    tls = True

    def __init__(self, address, cert, key):
        super().__init__(address, Handler)
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.load_cert_chain(cert, key)

    def get_request(self):
        sock, addr = self.socket.accept()
        with LOCK:
            TLS_COUNTS["connections"] += 1
        # The handshake runs in the handler thread; a client refusing the certificate
        # ends it there without a request.
        return self.context.wrap_socket(sock, server_side=True,
                                        do_handshake_on_connect=False), addr

    def handle_error(self, request, client_address):
        sys.stderr.write("fake-oauth: TLS connection from %s ended: %s\n"
                         % (client_address, sys.exc_info()[1]))


def main():
    port = int(sys.argv[1])
    if len(sys.argv) == 5:
        tls = TLSServer(("127.0.0.1", int(sys.argv[2])), sys.argv[3], sys.argv[4])
        threading.Thread(target=tls.serve_forever, daemon=True).start()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
