#!/usr/bin/env python3
"""SMTP sink for the integration tests (Debian 12 has no aiosmtpd).

Listens on 127.0.0.1:PORT and writes every accepted message to DIR as one file
(<ns>-<n>.eml, written to a temporary name and renamed, so a reader never sees half
a mail). The file starts with the envelope as headers the tests read:

    X-Sink-From: <sender>
    X-Sink-To: <rcpt>[, <rcpt>...]
    X-Sink-Auth: PLAIN|LOGIN <user>      (only after a successful AUTH)

followed by the message as received (dot-unstuffed). EHLO offers AUTH PLAIN LOGIN;
with --user NAME:PASSWORD an AUTH must match it (else 535), without it any AUTH
succeeds; mail without AUTH is accepted either way. --refuse answers every
connection with 421 (a server that is up but refuses mail); --delay SECONDS waits
that long before answering DATA (a slow server).
"""
import argparse
import base64
import itertools
import os
import socketserver
import sys
import time

COUNTER = itertools.count()


class Handler(socketserver.StreamRequestHandler):
    timeout = 60

    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())
        self.wfile.flush()

    def readline(self):
        line = self.rfile.readline(1 << 20)
        if not line:
            raise EOFError
        return line.decode("utf-8", "replace").rstrip("\r\n")

    def authenticate(self, arg):
        parts = arg.split()
        mech = parts[0].upper() if parts else ""
        if mech == "PLAIN":
            if len(parts) > 1:
                data = parts[1]
            else:
                self.reply("334 ")
                data = self.readline()
            fields = base64.b64decode(data).split(b"\0")
            user, password = fields[1].decode(), fields[2].decode()
        elif mech == "LOGIN":
            if len(parts) > 1:
                user = base64.b64decode(parts[1]).decode()
            else:
                self.reply("334 VXNlcm5hbWU6")
                user = base64.b64decode(self.readline()).decode()
            self.reply("334 UGFzc3dvcmQ6")
            password = base64.b64decode(self.readline()).decode()
        else:
            self.reply("504 5.5.4 Unrecognized authentication type")
            return None
        wanted = self.server.user
        if wanted is not None and wanted != (user, password):
            self.reply("535 5.7.8 Authentication credentials invalid")
            return None
        self.reply("235 2.7.0 Authentication successful")
        return "%s %s" % (mech, user)

    def store(self, sender, rcpts, auth, lines):
        head = ["X-Sink-From: " + sender, "X-Sink-To: " + ", ".join(rcpts)]
        if auth:
            head.append("X-Sink-Auth: " + auth)
        name = "%d-%d.eml" % (time.time_ns(), next(COUNTER))
        tmp = os.path.join(self.server.dir, "." + name + ".tmp")
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            f.write("\r\n".join(head + lines) + "\r\n")
        os.rename(tmp, os.path.join(self.server.dir, name))

    def handle(self):
        if self.server.refuse:
            self.reply("421 4.3.2 smtp-sink refuses mail for now")
            return
        self.reply("220 smtp-sink ESMTP")
        sender, rcpts, auth = None, [], None
        try:
            while True:
                line = self.readline()
                verb, _, arg = line.partition(" ")
                verb = verb.upper()
                if verb == "EHLO":
                    self.wfile.write(b"250-smtp-sink\r\n250-AUTH PLAIN LOGIN\r\n"
                                     b"250-8BITMIME\r\n250 SIZE 10485760\r\n")
                    self.wfile.flush()
                elif verb == "HELO":
                    self.reply("250 smtp-sink")
                elif verb == "AUTH":
                    auth = self.authenticate(arg) or auth
                elif verb == "MAIL":
                    sender, rcpts = arg.split(":", 1)[1].strip(), []
                    self.reply("250 2.1.0 Ok")
                elif verb == "RCPT":
                    rcpts.append(arg.split(":", 1)[1].strip().strip("<>"))
                    self.reply("250 2.1.5 Ok")
                elif verb == "DATA":
                    if sender is None or not rcpts:
                        self.reply("503 5.5.1 MAIL and RCPT first")
                        continue
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    lines = []
                    while True:
                        l = self.readline()
                        if l == ".":
                            break
                        lines.append(l[1:] if l.startswith("..") else l)
                    time.sleep(self.server.delay)
                    self.store(sender, rcpts, auth, lines)
                    self.reply("250 2.0.0 Ok: queued")
                    sender, rcpts = None, []
                elif verb == "RSET":
                    sender, rcpts = None, []
                    self.reply("250 2.0.0 Ok")
                elif verb == "NOOP":
                    self.reply("250 2.0.0 Ok")
                elif verb == "QUIT":
                    self.reply("221 2.0.0 Bye")
                    return
                else:
                    self.reply("502 5.5.2 Command not recognized")
        except (EOFError, ConnectionError, OSError):
            return


class Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--user", help="NAME:PASSWORD an AUTH must match")
    p.add_argument("--refuse", action="store_true", help="answer 421 to every connection")
    p.add_argument("--delay", type=float, default=0, help="seconds before answering DATA")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    server = Server(("127.0.0.1", a.port), Handler)
    server.dir = a.dir
    server.refuse = a.refuse
    server.delay = a.delay
    server.user = tuple(a.user.split(":", 1)) if a.user else None
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
