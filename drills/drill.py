#!/usr/bin/env python3
"""drills/drill.py — the load generator and the checks of the fault drills (drills/run).

  drill.py load --base URL --out FILE --stop FILE --tenant HOST:REGISTER:REFRESH [...]
      Closed-loop clients (one thread each, a new connection per request) until FILE
      --stop exists: REGISTER threads register fresh users, REFRESH threads each
      register one user and then rotate its refresh token over and over. Every
      request is written to --out (JSON lines) with its times, status and, for a 2xx,
      what it wrote (user id and email, SHA-256 of the refresh token it was given).
  drill.py check --log FILE --events FILE --drill pg|kill|slow [--schema HOST=SCHEMA...]
      Reads the requests and the fault's timestamps (events: NAME EPOCH lines),
      queries PostgreSQL (psql, $TA_DSN) for every 2xx write and for the live tokens
      of each refresh family, prints one result line and the reasons it failed.

Client behaviour, as a careful browser front end would do it: a 503 from tenantauthd
(it carries X-Request-Id) keeps the refresh token and tries again after 0.1 s (not the
full Retry-After: the drills measure how soon the site answers again); any other failed
refresh abandons that session (its outcome is unknown) and logs in again, so every
family must end with exactly one live token unless reuse detection fired.
"""
import argparse
import hashlib
import http.client
import json
import os
import subprocess
import sys
import threading
import time
import uuid

PASSWORD = "drill-password-1"
BACKOFF = 0.1


def request(base_host, base_port, host, method, path, body=None, cookie=None, timeout=30):
    """One request on a fresh connection: (status, headers dict lower-case, body, error)."""
    conn = http.client.HTTPConnection(base_host, base_port, timeout=timeout)
    headers = {"Host": host}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    else:
        headers["Content-Length"] = "0"
    if cookie:
        headers["Cookie"] = cookie
    try:
        conn.request(method, path, body=data, headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        hdrs = {}
        cookies = []
        for k, v in resp.getheaders():
            if k.lower() == "set-cookie":
                cookies.append(v)
            hdrs[k.lower()] = v
        hdrs["set-cookie"] = cookies
        return resp.status, hdrs, raw, None
    except (OSError, http.client.HTTPException) as e:
        return 0, {"set-cookie": []}, b"", type(e).__name__ + ": " + str(e)
    finally:
        conn.close()


def refresh_cookie(hdrs):
    for c in hdrs.get("set-cookie", []):
        if c.startswith("refresh_token="):
            value = c.split(";", 1)[0].split("=", 1)[1]
            if value:
                return value
    return None


def sha(token):
    return hashlib.sha256(token.encode()).hexdigest()


class Client(threading.Thread):
    def __init__(self, args, host, kind, n, records, lock):
        super().__init__(daemon=True)
        self.args, self.host, self.kind, self.n = args, host, kind, n
        self.records, self.lock = records, lock
        self.token = None
        self.email = None

    def stopped(self):
        return os.path.exists(self.args.stop) or time.time() > self.deadline

    def call(self, op, method, path, body=None, cookie=None):
        t0 = time.time()
        status, hdrs, raw, err = request(
            self.args.host_addr, self.args.port, self.host, method, path, body, cookie
        )
        rec = {
            "t0": t0,
            "t1": time.time(),
            "host": self.host,
            "op": op,
            "status": status,
            "retry_after": "retry-after" in hdrs,
            "rid": "x-request-id" in hdrs,
        }
        if err:
            rec["error"] = err
        elif not 200 <= status < 300:
            rec["body"] = raw[:200].decode("utf-8", "replace")
        return rec, hdrs, raw

    def log(self, rec):
        with self.lock:
            self.records.append(rec)

    def register(self):
        email = "%s-%d-%s@drill.test" % (self.kind, self.n, uuid.uuid4().hex[:12])
        rec, hdrs, raw = self.call(
            "register", "POST", "/api/auth/register", {"email": email, "password": PASSWORD}
        )
        if rec["status"] == 201:
            rec["email"] = email
            try:
                rec["uid"] = json.loads(raw)["user"]["id"]
            except (ValueError, KeyError, TypeError):
                rec["uid"] = None
            token = refresh_cookie(hdrs)
            rec["token_sha"] = sha(token) if token else None
            if self.kind == "refresh" and token:
                self.token, self.email = token, email
        self.log(rec)
        return rec

    def login(self):
        rec, hdrs, raw = self.call(
            "login", "POST", "/api/auth/login", {"email": self.email, "password": PASSWORD}
        )
        if rec["status"] == 200:
            token = refresh_cookie(hdrs)
            rec["token_sha"] = sha(token) if token else None
            self.token = token
        self.log(rec)
        return rec

    def refresh(self):
        old = self.token
        rec, hdrs, raw = self.call(
            "refresh", "POST", "/api/auth/refresh", cookie="refresh_token=" + old
        )
        rec["old_sha"] = sha(old)
        if rec["status"] == 200:
            token = refresh_cookie(hdrs)
            rec["token_sha"] = sha(token) if token else None
            self.token = token
        elif not (rec["status"] == 503 and rec["rid"]):
            self.token = None  # outcome unknown or refused: this session is given up
        self.log(rec)
        return rec

    def run(self):
        self.deadline = time.time() + self.args.max_seconds
        while not self.stopped():
            if self.kind == "register" or self.email is None:
                rec = self.register()
            elif self.token is None:
                rec = self.login()
            else:
                rec = self.refresh()
            if rec["status"] == 503 or rec["status"] == 0:
                time.sleep(BACKOFF)


def cmd_load(args):
    base = args.base.split("//", 1)[-1].rstrip("/")
    args.host_addr, port = base.rsplit(":", 1)
    args.port = int(port)
    records, lock, threads = [], threading.Lock(), []
    for spec in args.tenant:
        host, reg, ref = spec.split(":")
        for i in range(int(reg)):
            threads.append(Client(args, host, "register", i, records, lock))
        for i in range(int(ref)):
            threads.append(Client(args, host, "refresh", i, records, lock))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    with open(args.out, "w") as f:
        for r in sorted(records, key=lambda r: r["t0"]):
            f.write(json.dumps(r) + "\n")
    return 0


# ---------------------------------------------------------------------------
# check
# ---------------------------------------------------------------------------


def psql(sql):
    bin_ = os.environ.get("DRILL_PSQL", "psql")
    out = subprocess.run(
        [bin_, os.environ["TA_DSN"], "-qtAX", "-v", "ON_ERROR_STOP=1", "-F", "\t", "-c", sql],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line.split("\t") for line in out.splitlines() if line]


LIVE = "rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()"


def verify_writes(records, schemas, problems):
    """(lost writes, families without exactly one live token) over the drill's tenants."""
    lost = bad_families = 0
    for host, schema in schemas.items():
        users = {(r[0], r[1]) for r in psql("SELECT id::text, lower(email) FROM %s.users" % schema)}
        emails = {e for _, e in users}
        tokens = {r[0] for r in psql("SELECT token_hash FROM %s.refresh_tokens" % schema)}
        for r in records:
            if r["host"] != host or not ok(r):
                continue
            if r["op"] == "register":
                email = r["email"].lower()
                if r.get("uid") is None:
                    lost += 1
                    problems.append("%s: register 201 without a user id" % host)
                elif (r["uid"], email) not in users:
                    lost += 1
                    what = "another id has it" if email in emails else "missing"
                    problems.append("%s: registered %s (%s): %s" % (host, email, r["uid"], what))
            if not r.get("token_sha"):
                lost += 1
                problems.append("%s: %s %d without a refresh cookie" % (host, r["op"], r["status"]))
            elif r["token_sha"] not in tokens:
                lost += 1
                problems.append("%s: %s at %.3f handed out a token the database lacks"
                                % (host, r["op"], r["t0"]))
        sql = ("SELECT family_id, count(*) FILTER (WHERE {live}) FROM {schema}.refresh_tokens "
               "GROUP BY family_id HAVING count(*) FILTER (WHERE {live}) <> 1")
        bad = psql(sql.format(live=LIVE, schema=schema))
        for family, live in bad:
            problems.append("%s: refresh family %s has %s live tokens" % (host, family, live))
        bad_families += len(bad)
        families = psql("SELECT count(DISTINCT family_id) FROM %s.refresh_tokens" % schema)[0][0]
        print("  %s: %d users, %d refresh tokens in %s families, %d without exactly one live"
              % (schema, len(users), len(tokens), families, len(bad)))
    return lost, bad_families


def ok(r):
    return 200 <= r["status"] < 300


def shed(r):
    """tenantauthd's own 503: Retry-After and its request id."""
    return r["status"] == 503 and r["retry_after"] and r["rid"]


def pct(values, p):
    if not values:
        return 0.0
    v = sorted(values)
    return v[min(len(v) - 1, int(len(v) * p))]


def recovered(records, since, what, limit, problems):
    """Seconds from `since` until the requests started after it answer 2xx: the end of
    the last failure among them, at least the first 2xx."""
    after = [r for r in records if r["t0"] >= since]
    first_ok = min((r["t1"] for r in after if ok(r)), default=None)
    if first_ok is None:
        problems.append("no 2xx after %s" % what)
        return None
    recovery = max([first_ok] + [r["t1"] for r in after if not ok(r)]) - since
    if recovery > limit:
        problems.append("answered 2xx again %.2f s after %s (limit %.0f s)"
                        % (recovery, what, limit))
    return recovery


def check_pg(args, records, ev, problems):
    down, up = ev["pg_stop"], ev["pg_up"]
    recovery = recovered(records, up, "PostgreSQL was back", args.recovery_limit, problems)
    during = [r for r in records if r["t1"] >= down and r["t0"] <= up]
    lat = [r["t1"] - r["t0"] for r in during if shed(r)]
    print("  while down (%.1f s): %d requests, %d 503 with Retry-After (p50 %.3f s, max %.3f s),"
          " %d 2xx" % (up - down, len(during), len(lat), pct(lat, .5), max(lat, default=0),
                       sum(1 for r in during if ok(r))))
    if not any(shed(r) for r in during):
        problems.append("no 503 while PostgreSQL was down")
    if ev.get("master_before") != ev.get("master_after"):
        problems.append("the daemon's master process changed")
    return recovery, []


def check_kill(args, records, ev, problems):
    kills = sorted((t, name) for name, t in ev.items() if name.startswith("kill")
                   and not name.endswith("_respawned"))
    # What a killed process held when it died has no answer to give: the web server
    # answers those itself (lighttpd: 500). 50 ms of slack: the event is stamped before
    # kill(2), and a request reaches the daemon some milliseconds after the client's t0
    # (measured: failures up to 15 ms after the stamp, none later).
    held = {}
    for kill, name in kills:
        held[name] = [r for r in records if not ok(r) and r["t0"] <= kill + 0.05
                      and kill - 0.05 <= r["t1"] <= kill + 1.0]
    cut = [r for h in held.values() for r in h]
    recovery = None
    for i, (kill, name) in enumerate(kills):
        if name + "_respawned" not in ev:
            problems.append("%s: the killed workers were not replaced within 5 s" % name)
        else:
            print("  %s: the supervisor replaced the killed workers in %.2f s"
                  % (name, ev[name + "_respawned"] - kill))
        if held[name]:
            print("  %s: %d request(s) in flight on the killed workers answered %s by the web"
                  " server" % (name, len(held[name]), sorted({r["status"] for r in held[name]})))
        until = kills[i + 1][0] if i + 1 < len(kills) else float("inf")
        window = [r for r in records if r["t0"] < until and r not in cut]
        rec = recovered(window, kill, name, args.recovery_limit, problems)
        if rec is not None:
            recovery = max(recovery or 0, rec)
    return recovery, cut


def check_slow(args, records, ev, problems):
    lock0, lock1 = ev["locked"], ev["unlocked"]
    slow, calm = args.locked_host, args.calm_host
    limit = args.statement_timeout + args.slack
    hit = [r for r in records if r["host"] == slow and lock0 <= r["t0"] < lock1]
    refused = [r["t1"] - r["t0"] for r in hit if r["status"] == 503]
    print("  %s, requests started during the lock: %d, %d 503 (slowest %.2f s), %d 2xx"
          % (slow, len(hit), len(refused), max(refused, default=0), sum(1 for r in hit if ok(r))))
    if not refused:
        problems.append("%s never answered 503 during the lock" % slow)
    for r in hit:
        if r["status"] == 503 and r["t1"] - r["t0"] > limit:
            problems.append("%s %s answered 503 after %.2f s (statement timeout + slack: %.1f s)"
                            % (slow, r["op"], r["t1"] - r["t0"], limit))
    base = [r["t1"] - r["t0"] for r in records if r["host"] == calm and r["t1"] < lock0]
    during = [r for r in records if r["host"] == calm and r["t1"] >= lock0 and r["t0"] < lock1]
    lat = [r["t1"] - r["t0"] for r in during]
    print("  %s before the lock: %d requests, p50 %.3f s, p99 %.3f s" %
          (calm, len(base), pct(base, .5), pct(base, .99)))
    print("  %s during the lock: %d requests, %d 2xx, p50 %.3f s, p99 %.3f s, max %.3f s"
          % (calm, len(during), sum(1 for r in during if ok(r)), pct(lat, .5), pct(lat, .99),
             max(lat, default=0)))
    if not during:
        problems.append("no request of %s during the lock" % calm)
    for r in during:
        if not ok(r):
            problems.append("%s %s answered %s during the lock" % (calm, r["op"], r["status"]))
    if pct(lat, .99) > args.calm_p99:
        problems.append("%s p99 %.2f s during the lock (limit %.1f s)"
                        % (calm, pct(lat, .99), args.calm_p99))
    recovery = recovered([r for r in records if r["host"] == slow], lock1,
                         "the lock was released", args.recovery_limit, problems)
    return recovery, []


def cmd_check(args):
    records = [json.loads(line) for line in open(args.log)]
    ev = {}
    for line in open(args.events):
        name, value = line.split()
        ev[name] = float(value)
    problems = []
    check = {"pg": check_pg, "kill": check_kill, "slow": check_slow}[args.drill]
    recovery, excused = check(args, records, ev, problems)
    other = [r for r in records if not ok(r) and not shed(r)]
    for r in other:
        if r in excused:
            continue
        why = " (no Retry-After or X-Request-Id)" if r["status"] == 503 else ""
        problems.append("%s %s at %.3f answered %s%s %s" % (
            r["host"], r["op"], r["t0"], r["status"], why, r.get("error") or r.get("body", "")))
    schemas = dict(s.split("=", 1) for s in args.schema)
    lost, bad_families = verify_writes(records, schemas, problems)
    if lost:
        problems.insert(0, "%d lost write(s)" % lost)

    n2 = sum(1 for r in records if ok(r))
    n503 = sum(1 for r in records if r["status"] == 503)
    rec = "-" if recovery is None else "%.2f s" % recovery
    verdict = "FAIL" if problems else "PASS"
    # drills/run's table: drill requests 2xx 503 other lost families recovery verdict
    with open(args.row, "w") as f:
        f.write("%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t%s\n" % (
            args.name, len(records), n2, n503, len(other), lost, bad_families, rec, verdict))
    for p in problems[:25]:
        print("  FAIL: " + p)
    if len(problems) > 25:
        print("  ... and %d more" % (len(problems) - 25))
    print("  %s: %s (%d requests, %d 2xx, %d 503, %d other%s, %d lost writes, recovery %s)" % (
        args.name, verdict, len(records), n2, n503, len(other),
        ", %d cut by the kill" % len(excused) if excused else "", lost, rec))
    return 1 if problems else 0


def main():
    p = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    lp = sub.add_parser("load")
    lp.add_argument("--base", required=True)
    lp.add_argument("--out", required=True)
    lp.add_argument("--stop", required=True)
    lp.add_argument("--max-seconds", type=float, default=120)
    lp.add_argument("--tenant", action="append", required=True, help="HOST:REGISTER:REFRESH")
    cp = sub.add_parser("check")
    cp.add_argument("--name", required=True)
    cp.add_argument("--drill", choices=["pg", "kill", "slow"], required=True)
    cp.add_argument("--log", required=True)
    cp.add_argument("--events", required=True)
    cp.add_argument("--row", required=True)
    cp.add_argument("--schema", action="append", default=[], help="HOST=SCHEMA")
    cp.add_argument("--recovery-limit", type=float, default=5)
    cp.add_argument("--locked-host")
    cp.add_argument("--calm-host")
    cp.add_argument("--statement-timeout", type=float, default=5)
    cp.add_argument("--slack", type=float, default=2)
    cp.add_argument("--calm-p99", type=float, default=1)
    args = p.parse_args()
    return cmd_load(args) if args.cmd == "load" else cmd_check(args)


if __name__ == "__main__":
    sys.exit(main())
