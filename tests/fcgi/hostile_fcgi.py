#!/usr/bin/env python3
"""A hostile FastCGI client and a slow-client attack against tenantauthd (Python 3 stdlib).

  hostile_fcgi.py hostile --daemon ADDR --base-url URL [--pid-file F] [--expect] [--kill-worker]
  hostile_fcgi.py slow    --daemon ADDR --base-url URL [--clients N] [--email E --password P]

ADDR: the daemon's socket (HOST:PORT or unix:PATH); URL: the web server in front. `hostile`
sends each case raw and prints what became of it (answered, closed, worker died: then its
replacement must be there within 1 s); --expect makes each outcome a check. `slow` holds N
slow HTTP clients (a body that never ends) and N raw connections (params that never end)
while /api/health and a login are asked; it prints health's p50/p99. Throughout, normal
requests must be answered; exit 0 only if every check passed.
"""
import argparse
import os
import signal
import socket
import struct
import sys
import threading
import time
import urllib.error
import urllib.request

BEGIN, ABORT, END, PARAMS, STDIN, STDOUT, STDERR = 1, 2, 3, 4, 5, 6, 7
GET_VALUES, UNKNOWN_TYPE = 9, 11


def record(rtype, rid, content=b"", pad=0, version=1):
    return struct.pack(">BBHHBB", version, rtype, rid, len(content), pad, 0) + content + b"\0" * pad


def length(n):
    return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)


def pair(name, value):
    return length(len(name)) + length(len(value)) + name + value


def begin(rid=1, role=1, flags=0):
    return record(BEGIN, rid, struct.pack(">HB5x", role, flags))


def params(method="GET", uri="/api/health", body_length=0, host="localhost"):
    p = [(b"REQUEST_METHOD", method.encode()), (b"REQUEST_URI", uri.encode()),
         (b"QUERY_STRING", b""), (b"HTTP_HOST", host.encode()), (b"REMOTE_ADDR", b"127.0.0.1"),
         (b"HTTP_X_REQUEST_ID", b"hostile-fcgi")]
    if body_length:
        p += [(b"CONTENT_TYPE", b"application/json"), (b"CONTENT_LENGTH", str(body_length).encode())]
    return b"".join(pair(k, v) for k, v in p)


def request(method="GET", uri="/api/health", body=b"", rid=1, flags=0, role=1):
    out = begin(rid, role, flags) + record(PARAMS, rid, params(method, uri, len(body))) + record(PARAMS, rid)
    if role == 2:  # an Authorizer request has no body
        return out
    if body:
        out += record(STDIN, rid, body)
    return out + record(STDIN, rid)


class Daemon:
    def __init__(self, address):
        self.address = address

    def connect(self, timeout=10.0):
        unix = self.address.startswith("unix:")
        s = socket.socket(socket.AF_UNIX if unix else socket.AF_INET, socket.SOCK_STREAM)
        host, _, port = self.address.rpartition(":")
        s.settimeout(timeout)
        s.connect(self.address[5:] if unix else (host, int(port)))
        return s


def read_answer(s, timeout):
    """(outcome, status, record types): answered / closed / open (nothing within timeout)."""
    data, deadline = b"", time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            s.settimeout(max(0.01, deadline - time.monotonic()))
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        else:
            raise socket.timeout()
    except socket.timeout:
        out, types = parse(data)
        return ("open", status_of(out), types)
    except ConnectionError:
        pass
    out, types = parse(data)
    if STDOUT in types or END in types:
        return ("answered", status_of(out), types)
    return ("closed", None, types)


def parse(data):
    out, types, pos = b"", [], 0
    while pos + 8 <= len(data):
        _, rtype, _, clen, pad, _ = struct.unpack(">BBHHBB", data[pos:pos + 8])
        if pos + 8 + clen + pad > len(data):
            break
        types.append(rtype)
        if rtype == STDOUT:
            out += data[pos + 8:pos + 8 + clen]
        pos += 8 + clen + pad
    return out, types


def status_of(out):
    if not out:
        return None
    for line in out.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
        if line.lower().startswith(b"status:"):
            return int(line.split()[1])
    return 200


def http(base_url, path, body=None, host="alpha.test", timeout=10.0):
    headers = {"Host": host, "Content-Type": "application/json"} if body else {"Host": host}
    req = urllib.request.Request(base_url + path, data=body, headers=headers)
    start = time.monotonic()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            r.read()
            return r.status, time.monotonic() - start
    except urllib.error.HTTPError as e:
        return e.code, time.monotonic() - start
    except Exception as e:  # noqa: BLE001 - any failure is a failed check
        return "error: %s" % e, time.monotonic() - start


class Workers:
    """The daemon's worker processes (children of the supervisor in --pid-file)."""

    def __init__(self, pid_file):
        self.master = int(open(pid_file).read().split()[0]) if pid_file else None

    def alive(self):
        if not self.master:
            return set()
        found = set()
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = open("/proc/%s/stat" % entry).read()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == self.master and fields[0] != "Z":
                found.add(int(entry))
        return found


class Checker:
    """Normal requests, asked every 0.2 s in the background and on demand."""

    def __init__(self, daemon, base_url):
        self.daemon, self.base_url = daemon, base_url
        self.failures, self.fcgi_ok, self.http_ok = [], 0, 0
        self.stop = threading.Event()
        self.lock = threading.Lock()  # held while a normal request is in flight
        self.thread = threading.Thread(target=self.loop, daemon=True)

    def once(self, why):
        try:
            s = self.daemon.connect()
            s.sendall(request())
            outcome, status, _ = read_answer(s, 10.0)
            s.close()
        except OSError as e:
            outcome, status = "error %s" % e, None
        if status == 200:
            self.fcgi_ok += 1
        else:
            self.failures.append("%s: normal FastCGI GET /api/health: %s %s" % (why, outcome, status))
        status, secs = http(self.base_url, "/api/health")
        if status == 200 and secs < 2.0:
            self.http_ok += 1
        else:
            self.failures.append("%s: /api/health through the web server: %s in %.2f s" % (why, status, secs))

    def loop(self):
        while not self.stop.wait(0.2):
            with self.lock:
                self.once("background")


# ---- the hostile cases: each returns (outcome, detail) -----------------------------------

def send_and_read(daemon, data, timeout=3.0, close_write=False):
    s = daemon.connect()
    try:
        s.sendall(data)
        if close_write:
            s.shutdown(socket.SHUT_WR)
        outcome, status, types = read_answer(s, timeout)
    finally:
        s.close()
    detail = "status %s" % status if status else ""
    if UNKNOWN_TYPE in types:
        detail += " +FCGI_UNKNOWN_TYPE"
    if types.count(END) > 1:
        detail += " +%d FCGI_END_REQUEST" % types.count(END)
    return outcome, detail.strip()


def keep_conn(daemon, role=1, second=200):
    """FCGI_KEEP_CONN: a request of `role`, then a responder one, on one connection."""
    s, statuses = daemon.connect(), []
    for rid in (1, 2):
        s.sendall(request(rid=rid, flags=1, role=role if rid == 1 else 1))
        data = b""
        while END not in parse(data)[1]:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
        statuses.append(status_of(parse(data)[0]) if END in parse(data)[1] else None)
    s.close()
    return ("answered" if statuses[0] and statuses[1] == second else "closed"), "statuses %s" % statuses


def huge_lengths(name_len, value_len):
    bad = length(name_len) + length(value_len) + b"X" * 16
    return begin() + record(PARAMS, 1, bad) + record(PARAMS, 1) + record(STDIN, 1)


def big_params_record():
    filler = pair(b"HTTP_X_FILLER", b"f" * (65535 - 5 - len(b"HTTP_X_FILLER")))
    return begin() + record(PARAMS, 1, filler, pad=255) + record(PARAMS, 1, params()) + \
        record(PARAMS, 1) + record(STDIN, 1)


def big_body_record():
    body = b"{" + b" " * 65533 + b"}"
    return begin() + record(PARAMS, 1, params("POST", "/api/auth/login", len(body))) + \
        record(PARAMS, 1) + record(STDIN, 1, body, pad=255) + record(STDIN, 1)


def held_open(daemon, data, limit):
    """Sends data, never ends the request; when does the daemon close it?"""
    s = daemon.connect()
    start = time.monotonic()
    s.sendall(data)
    outcome, status, _ = read_answer(s, limit)
    s.close()
    return outcome, "after %.1f s" % (time.monotonic() - start)


def one_byte_a_second(daemon, limit):
    s = daemon.connect()
    data, start, outcome = request(), time.monotonic(), "open"
    try:
        for i in range(len(data)):
            s.sendall(data[i:i + 1])
            s.settimeout(1.0)
            try:
                if not s.recv(65536):
                    outcome = "closed"
                    break
            except socket.timeout:
                pass
            if time.monotonic() - start > limit:
                break
    except OSError:
        outcome = "closed"
    s.close()
    return outcome, "after %.1f s (%d of %d bytes sent)" % (time.monotonic() - start, i + 1, len(data))


def idle_connections(daemon, checker, count, limit):
    conns = []
    for _ in range(count):
        try:
            conns.append(daemon.connect())
        except OSError:
            break
    start = time.monotonic()
    checker.once("with %d idle connections open" % len(conns))
    served = time.monotonic() - start
    open_ = list(conns)
    while open_ and time.monotonic() - start < limit:
        still = []
        for s in open_:
            s.settimeout(0.01)
            try:
                if s.recv(1) == b"":
                    s.close()
                    continue
            except socket.timeout:
                pass
            except OSError:
                s.close()
                continue
            still.append(s)
        open_ = still
        time.sleep(0.2)
    for s in open_:
        s.close()
    outcome = "closed" if not open_ else "open"
    return outcome, "%d connections; normal requests meanwhile in %.2f s; %d still open after %.1f s" % (
        len(conns), served, len(open_), time.monotonic() - start)


def kill_worker(workers, checker):
    """SIGKILL the oldest worker (no request of ours in flight): is it replaced in 1 s?"""
    def started(pid):
        return int(open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()[19])
    # A worker younger than 2 s is respawned only after a 1 s back-off (Supervisor).
    time.sleep(2.0)
    with checker.lock:
        victim = min(workers.alive(), key=started)
        os.kill(victim, signal.SIGKILL)
    return "killed", "pid %d" % victim


def hostile(args):
    daemon, workers = Daemon(args.daemon), Workers(args.pid_file)
    checker = Checker(daemon, args.base_url)
    limit = args.timeout + 3.0
    cases = [
        ("normal request", "answered", lambda: send_and_read(daemon, request())),
        ("FastCGI version 2", "closed", lambda: send_and_read(daemon, request().replace(b"\x01", b"\x02", 1))),
        ("truncated header, then EOF", "closed", lambda: send_and_read(daemon, begin()[:5], close_write=True)),
        ("truncated params record, then EOF", "closed",
         lambda: send_and_read(daemon, (begin() + record(PARAMS, 1, params()))[:40], close_write=True)),
        ("params name length 0x7FFFFFFF", "closed", lambda: send_and_read(daemon, huge_lengths(0x7FFFFFFF, 1))),
        ("name+value lengths summing past 2^31", "closed",
         lambda: send_and_read(daemon, huge_lengths(0x40000000, 0x40000001))),
        ("name and value lengths 0x7FFFFFFE each", "closed",
         lambda: send_and_read(daemon, huge_lengths(0x7FFFFFFE, 0x7FFFFFFE))),
        ("65,535-byte params record + 255 padding", "closed", lambda: send_and_read(daemon, big_params_record())),
        ("65,535-byte body record + 255 padding", "answered", lambda: send_and_read(daemon, big_body_record())),
        ("unknown record type 99 (management, id 0), then a request", "answered",
         lambda: send_and_read(daemon, record(99, 0) + request())),
        # libfcgi answers FCGI_UNKNOWN_TYPE but leaves the content unread: the next header
        # it reads is garbage, so it closes the connection.
        ("unknown record type 99 with content (id 0), then a request", "closed",
         lambda: send_and_read(daemon, record(99, 0, b"xx") + request())),
        ("unknown record type 99 inside the request", "closed",
         lambda: send_and_read(daemon, begin() + record(99, 1, b"xx") + request()[16:])),
        ("FCGI_GET_VALUES, then a request", "answered",
         lambda: send_and_read(daemon, record(GET_VALUES, 0, pair(b"FCGI_MAX_CONNS", b"")) + request())),
        ("FCGI_ABORT_REQUEST after the params", "closed",
         lambda: send_and_read(daemon, begin() + record(PARAMS, 1, params()) + record(PARAMS, 1) +
                               record(ABORT, 1))),
        ("duplicate request id (two FCGI_BEGIN_REQUEST 1)", "answered",
         lambda: send_and_read(daemon, begin() + request())),
        ("request id 0 in FCGI_BEGIN_REQUEST", "closed", lambda: send_and_read(daemon, request(rid=0))),
        ("FCGI_KEEP_CONN, two requests on one connection", "answered", lambda: keep_conn(daemon)),
        ("authorizer port: FCGI_KEEP_CONN, then a responder request (403)", "answered",
         lambda: keep_conn(Daemon(args.authorizer), 2, 403) if args.authorizer else ("answered", "skipped")),
        ("params never end (held open)", "closed",
         lambda: held_open(daemon, begin() + record(PARAMS, 1, params()), limit)),
        ("body never ends (CONTENT_LENGTH 1000, 1 byte sent)", "closed",
         lambda: held_open(daemon, begin() + record(PARAMS, 1, params("POST", "/api/auth/login", 1000)) +
                           record(PARAMS, 1) + record(STDIN, 1, b"{"), limit)),
        # Over the gate's 16 KiB a request thread reads the body; the watchdog cuts it.
        ("20 KB of a 30 KB body, then nothing", "closed",
         lambda: held_open(daemon, begin() + record(PARAMS, 1, params("POST", "/api/auth/login", 30000)) +
                           record(PARAMS, 1) + record(STDIN, 1, b"x" * 20000), limit)),
        ("one byte a second", "closed", lambda: one_byte_a_second(daemon, limit)),
        ("%d idle connections" % args.idle, "closed", lambda: idle_connections(daemon, checker, args.idle, limit)),
    ]
    if args.kill_worker and workers.master:
        cases.append(("SIGKILL to a worker", "worker died", lambda: kill_worker(workers, checker)))
    checker.thread.start()
    failures, rows = [], []
    for name, expected, run in cases:
        before = workers.alive()
        try:
            outcome, detail = run()
        except OSError as e:
            outcome, detail = "closed", "connection error: %s" % e
        ended = time.monotonic()
        # A worker that aborted is gone (or a zombie) by now; allow the kernel a moment.
        dead = set()
        while time.monotonic() - ended < 0.3 and before:
            dead = before - workers.alive()
            if dead:
                break
            time.sleep(0.02)
        if dead:
            while time.monotonic() - ended < 5.0:
                now = workers.alive()
                if len(now) >= len(before) and not (dead & now):
                    break
                time.sleep(0.01)
            respawn = time.monotonic() - ended
            outcome = "worker died"
            detail = (detail + "; respawned in %.0f ms" % (respawn * 1000)).lstrip("; ")
            if respawn > 1.0:
                failures.append("%s: the dead worker was not replaced within 1 s (%.2f s)" % (name, respawn))
        checker.once("after '%s'" % name)
        if args.expect and outcome != expected:
            failures.append("%s: %s, expected %s (%s)" % (name, outcome, expected, detail))
        rows.append((name, outcome, detail))
    checker.stop.set()
    checker.thread.join()
    failures += checker.failures
    width = max(len(r[0]) for r in rows)
    print("%-*s  %-12s  %s" % (width, "case", "outcome", "detail"))
    for row in rows:
        print("%-*s  %-12s  %s" % ((width,) + row))
    print("normal requests answered: %d FastCGI, %d through the web server" % (checker.fcgi_ok, checker.http_ok))
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


# ---- slow clients ------------------------------------------------------------------------

def slow_http_client(base_url, stop, opened):
    """POST /api/auth/login, Content-Length: 1000, one byte of body, then nothing."""
    host, port = base_url.split("//", 1)[1].rstrip("/").rsplit(":", 1)
    try:
        s = socket.create_connection((host, int(port)), timeout=5)
        s.sendall(b"POST /api/auth/login HTTP/1.1\r\nHost: alpha.test\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
        opened.append(s)
        stop.wait()
        s.close()
    except OSError:
        pass


def slow(args):
    daemon = Daemon(args.daemon)
    stop, opened, threads = threading.Event(), [], []
    raws = []
    for _ in range(args.clients):
        t = threading.Thread(target=slow_http_client, args=(args.base_url, stop, opened), daemon=True)
        t.start()
        threads.append(t)
        try:
            s = daemon.connect()
            s.sendall(begin() + record(PARAMS, 1, params()))  # the params never end
            raws.append(s)
        except OSError as e:
            print("raw connection failed: %s" % e)
    time.sleep(0.5)
    lat, failures, logins = [], [], []
    start = time.monotonic()
    # Ask for longer than request-timeout: the daemon drops the held connections meanwhile.
    while time.monotonic() - start < args.duration:
        status, secs = http(args.base_url, "/api/health", timeout=10.0)
        lat.append(secs)
        if status != 200 or secs > args.max_seconds:
            failures.append("/api/health: %s in %.3f s" % (status, secs))
        if args.email and len(lat) % 20 == 1:
            body = ('{"email":"%s","password":"%s"}' % (args.email, args.password)).encode()
            status, secs = http(args.base_url, "/api/auth/login", body, timeout=10.0)
            logins.append(secs)
            if status != 200 or secs > args.max_seconds:
                failures.append("login: %s in %.3f s" % (status, secs))
        time.sleep(0.02)
    stop.set()
    for s in raws:
        s.close()
    lat.sort()
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
    print("slow clients: %d HTTP (%d connected) + %d raw FastCGI; %d health requests over %.0f s" % (
        args.clients, len(opened), len(raws), len(lat), args.duration))
    print("health latency ms: p50 %.1f  p99 %.1f  max %.1f" % (p(0.5), p(0.99), lat[-1] * 1000))
    if logins:
        print("logins: %d, slowest %.0f ms" % (len(logins), max(logins) * 1000))
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("mode", choices=["hostile", "slow"])
    ap.add_argument("--daemon", required=True, help="HOST:PORT or unix:PATH")
    ap.add_argument("--base-url", required=True)
    ap.add_argument("--pid-file", help="the supervisor's pid file (to see workers die)")
    ap.add_argument("--authorizer", help="the authorizer-listen HOST:PORT")
    ap.add_argument("--timeout", type=float, default=5.0, help="the daemon's request-timeout, s")
    ap.add_argument("--idle", type=int, default=300)
    ap.add_argument("--expect", action="store_true", help="each case's outcome is a check")
    ap.add_argument("--kill-worker", action="store_true",
                    help="last, SIGKILL a worker: it must be replaced within 1 s")
    ap.add_argument("--clients", type=int, default=64)
    ap.add_argument("--duration", type=float, default=8.0)
    ap.add_argument("--max-seconds", type=float, default=2.0)
    ap.add_argument("--email")
    ap.add_argument("--password")
    args = ap.parse_args()
    sys.exit(hostile(args) if args.mode == "hostile" else slow(args))


if __name__ == "__main__":
    main()
