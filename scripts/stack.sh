# shellcheck shell=bash
# stack.sh — bring up a throw-away tenantauth stack (PostgreSQL, tenantauthd,
# lighttpd, Apache) on 127.0.0.1, all state under one directory.
#
# Source it; it defines functions only and changes no shell options:
#
#   . scripts/stack.sh
#   TA_BUILD=build
#   stack_pg_start       "$DIR" "$(stack_free_port)"        # exports TA_DSN
#   stack_daemon_start   "$DIR" 127.0.0.1:9000 --workers 8  # or unix:/path
#   stack_lighttpd_start "$DIR" 8080 127.0.0.1:9000
#   stack_apache_start   "$DIR" 8081 127.0.0.1:9000 [127.0.0.1:9001]   # + authorizer
#   ...
#   stack_stop_all "$DIR"
#
# Every function returns non-zero with a "stack: ..." message on stderr when it fails.
# Nothing here uses the system services, their ports or their config files.

STACK_PG_BIN=${STACK_PG_BIN:-/usr/lib/postgresql/15/bin}
STACK_APACHE_MODULES=${STACK_APACHE_MODULES:-/usr/lib/apache2/modules}
STACK_TIMEOUT=${STACK_TIMEOUT:-10}
STACK_ROOT=${STACK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}

stack__die() {
    echo "stack: $*" >&2
    return 1
}

# stack__abs PATH — absolute path without requiring it to exist.
stack__abs() {
    case $1 in
        /*) printf '%s\n' "$1" ;;
        *) printf '%s/%s\n' "$PWD" "$1" ;;
    esac
}

# stack__port_open PORT — true when something accepts TCP on 127.0.0.1:PORT.
stack__port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# stack__unix_open PATH — true when the socket exists and something listens on it.
stack__unix_open() {
    [ -S "$1" ] && ss -xl 2>/dev/null | grep -qF -- " $1 "
}

# stack__wait_listen LISTEN PID NAME LOG — poll until LISTEN (PORT, HOST:PORT or
# unix:PATH) accepts, failing early when PID dies.
stack__wait_listen() {
    local listen=$1 pid=$2 name=$3 log=$4 i
    local limit=$((STACK_TIMEOUT * 20))
    for ((i = 0; i < limit; i++)); do
        case $listen in
            unix:*) stack__unix_open "${listen#unix:}" && return 0 ;;
            *) stack__port_open "${listen##*:}" && return 0 ;;
        esac
        if ! kill -0 "$pid" 2>/dev/null; then
            stack__die "$name exited before listening on $listen; log $log:"
            [ -f "$log" ] && tail -n 20 "$log" >&2
            return 1
        fi
        sleep 0.05
    done
    stack__die "$name did not listen on $listen within ${STACK_TIMEOUT}s; log $log:"
    [ -f "$log" ] && tail -n 20 "$log" >&2
    return 1
}

# stack__stop_pidfile PIDFILE NAME [SECONDS] — SIGTERM, wait, then SIGKILL.
stack__stop_pidfile() {
    local pidfile=$1 name=$2 secs=${3:-$STACK_TIMEOUT} pid i
    [ -f "$pidfile" ] || return 0
    pid=$(cat "$pidfile" 2>/dev/null)
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$pidfile"
        return 0
    fi
    kill -TERM "$pid" 2>/dev/null
    for ((i = 0; i < secs * 20; i++)); do
        kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; return 0; }
        sleep 0.05
    done
    kill -KILL "$pid" 2>/dev/null
    rm -f "$pidfile"
    stack__die "$name (pid $pid) did not exit within ${secs}s of SIGTERM; killed"
}

# stack_free_port — print a TCP port nobody listens on at 127.0.0.1.
stack_free_port() {
    local used port i
    used=$(ss -Htan 2>/dev/null | awk '{print $4}' | sed 's/.*://' | sort -u)
    for ((i = 0; i < 200; i++)); do
        port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
        # Also skip ports another caller of this function just handed out.
        if ! grep -qx "$port" <<<"$used" && ! stack__port_open "$port" &&
            ! grep -qx "$port" "${TMPDIR:-/tmp}/.stack-ports-$$" 2>/dev/null; then
            echo "$port" >>"${TMPDIR:-/tmp}/.stack-ports-$$"
            echo "$port"
            return 0
        fi
    done
    stack__die "no free TCP port found"
}

# --------------------------------------------------------------------------
# PostgreSQL
# --------------------------------------------------------------------------

# stack_pg_start DIR PORT — new cluster in DIR/pg (first time), started on
# 127.0.0.1:PORT, database tenantauth; exports TA_DSN. Calling it again on the same
# DIR (after stack_pg_stop) starts the existing cluster.
stack_pg_start() {
    local dir port
    dir=$(stack__abs "${1:?stack_pg_start DIR PORT}")
    port=${2:?stack_pg_start DIR PORT}
    [ -x "$STACK_PG_BIN/initdb" ] || { stack__die "no initdb in $STACK_PG_BIN"; return 1; }
    mkdir -p "$dir" || { stack__die "cannot create $dir"; return 1; }
    # The postgres user must traverse DIR to reach its cluster.
    chmod a+x "$dir"
    local pgdata=$dir/pg sock=$dir/pg-sock log=$dir/postgres.log
    local run=()
    [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        mkdir -p "$pgdata" "$sock"
        [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pgdata" "$sock"
        chmod 700 "$pgdata"
        if ! "${run[@]}" "$STACK_PG_BIN/initdb" -D "$pgdata" -U postgres --auth=trust \
            -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1; then
            stack__die "initdb failed; see $dir/initdb.log:"
            tail -n 20 "$dir/initdb.log" >&2
            return 1
        fi
        cat >>"$pgdata/postgresql.conf" <<EOF

# stack.sh: loopback only, socket inside the stack dir, no durability (tests).
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
log_min_messages = warning
EOF
    else
        sed -i "s/^port = .*/port = $port/" "$pgdata/postgresql.conf"
    fi
    [ "$(id -u)" -eq 0 ] && touch "$log" && chown postgres "$log"
    if ! "${run[@]}" "$STACK_PG_BIN/pg_ctl" -D "$pgdata" -l "$log" -w -t "$STACK_TIMEOUT" \
        start >"$dir/pg_ctl.log" 2>&1; then
        stack__die "PostgreSQL did not start on port $port; see $log:"
        tail -n 20 "$log" >&2
        return 1
    fi
    echo "$port" >"$dir/pg.port"
    export TA_DSN="host=127.0.0.1 port=$port dbname=tenantauth user=postgres"
    if ! "$STACK_PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qtAX \
        -c "SELECT 1 FROM pg_database WHERE datname = 'tenantauth'" | grep -q 1; then
        "$STACK_PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qX \
            -c "CREATE DATABASE tenantauth" >/dev/null ||
            { stack__die "cannot create database tenantauth"; return 1; }
    fi
}

# stack_pg_stop DIR — fast shutdown (open connections are cut, as in an outage).
stack_pg_stop() {
    local dir
    dir=$(stack__abs "${1:?stack_pg_stop DIR}")
    [ -f "$dir/pg/postmaster.pid" ] || return 0
    local run=()
    [ "$(id -u)" -eq 0 ] && run=(runuser -u postgres --)
    "${run[@]}" "$STACK_PG_BIN/pg_ctl" -D "$dir/pg" -m fast -w -t "$STACK_TIMEOUT" stop \
        >>"$dir/pg_ctl.log" 2>&1 || { stack__die "PostgreSQL in $dir/pg did not stop"; return 1; }
}

# stack_pg_resume DIR — start the cluster of DIR again on its previous port.
stack_pg_resume() {
    local dir
    dir=$(stack__abs "${1:?stack_pg_resume DIR}")
    [ -f "$dir/pg.port" ] || { stack__die "no cluster was started in $dir"; return 1; }
    stack_pg_start "$dir" "$(cat "$dir/pg.port")"
}

# stack_psql DIR SQL... — run psql against the tenantauth database of DIR.
stack_psql() {
    local dir
    dir=$(stack__abs "${1:?stack_psql DIR ARGS}")
    shift
    "$STACK_PG_BIN/psql" -h 127.0.0.1 -p "$(cat "$dir/pg.port")" -U postgres -d tenantauth -X "$@"
}

# stack_pgbouncer_start DIR PORT — Debian's pgbouncer in transaction pooling mode on
# 127.0.0.1:PORT in front of DIR's cluster (stack_pg_start first); prints nothing,
# sets TA_PGBOUNCER_DSN. statement_timeout is set on each server connection by
# connect_query, since a SET from a client would land on whichever one it borrowed.
stack_pgbouncer_start() {
    local dir port
    dir=$(stack__abs "${1:?stack_pgbouncer_start DIR PORT}")
    port=${2:?stack_pgbouncer_start DIR PORT}
    local bin
    bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
    [ -x "$bin" ] || { stack__die "no pgbouncer (apt-get install pgbouncer)"; return 1; }
    [ -f "$dir/pg.port" ] || { stack__die "no cluster in $dir (stack_pg_start first)"; return 1; }
    local pgb=$dir/pgbouncer
    mkdir -p "$pgb"
    echo '"postgres" ""' >"$pgb/users.txt"
    cat >"$pgb/pgbouncer.ini" <<EOF
[databases]
tenantauth = host=127.0.0.1 port=$(cat "$dir/pg.port") dbname=tenantauth user=postgres connect_query='SET statement_timeout = 5000'

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = trust
auth_file = $pgb/users.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
logfile = $pgb/pgbouncer.log
pidfile = $pgb/pgbouncer.pid
EOF
    # pgbouncer refuses to run as root.
    local run=()
    if [ "$(id -u)" -eq 0 ]; then
        chown -R postgres "$pgb"
        run=(runuser -u postgres --)
    fi
    if ! "${run[@]}" "$bin" -d "$pgb/pgbouncer.ini" >"$pgb/start.log" 2>&1; then
        stack__die "pgbouncer did not start:"
        cat "$pgb/start.log" >&2
        return 1
    fi
    local i
    for ((i = 0; i < STACK_TIMEOUT * 10; i++)); do
        stack__port_open "$port" && break
        sleep 0.1
    done
    stack__port_open "$port" ||
        { stack__die "pgbouncer does not listen on $port; see $pgb/pgbouncer.log"; return 1; }
    export TA_PGBOUNCER_DSN="host=127.0.0.1 port=$port dbname=tenantauth user=postgres"
}

stack_pgbouncer_stop() {
    local dir
    dir=$(stack__abs "${1:?stack_pgbouncer_stop DIR}")
    [ -f "$dir/pgbouncer/pgbouncer.pid" ] || return 0
    kill "$(cat "$dir/pgbouncer/pgbouncer.pid")" 2>/dev/null
    return 0
}

# --------------------------------------------------------------------------
# tenantauthd
# --------------------------------------------------------------------------

# stack_daemon_config DIR — needs TA_BUILD (default build) and TA_DSN. Writes
# DIR/tenantauth.conf and migrates, so tenantauthctl can be used before the daemon
# runs (tenants created then are known from its first request on).
stack_daemon_config() {
    local dir build
    dir=$(stack__abs "${1:?stack_daemon_config DIR}")
    build=$(stack__abs "${TA_BUILD:-build}")
    [ -n "$TA_DSN" ] || { stack__die "TA_DSN is not set (run stack_pg_start first)"; return 1; }
    local bin
    for bin in tenantauthd tenantauthctl; do
        [ -x "$build/$bin" ] || { stack__die "$build/$bin is missing (build first)"; return 1; }
    done
    mkdir -p "$dir"
    cat >"$dir/tenantauth.conf" <<EOF
# written by scripts/stack.sh
db = $TA_DSN
secret-key-file = $dir/secret.key
environment = development
EOF
    if ! "$build/tenantauthctl" --config "$dir/tenantauth.conf" migrate \
        >"$dir/migrate.log" 2>&1; then
        stack__die "tenantauthctl migrate failed:"
        cat "$dir/migrate.log" >&2
        return 1
    fi
}

# stack_daemon_start DIR LISTEN [tenantauthd args...] — stack_daemon_config, then
# starts the daemon and waits until it accepts connections.
stack_daemon_start() {
    local dir listen build
    dir=$(stack__abs "${1:?stack_daemon_start DIR LISTEN [ARGS...]}")
    listen=${2:?stack_daemon_start DIR LISTEN [ARGS...]}
    shift 2
    build=$(stack__abs "${TA_BUILD:-build}")
    stack_daemon_config "$dir" || return 1
    case $listen in
        unix:*) rm -f "${listen#unix:}" ;;
        *:*) ;;
        *) stack__die "LISTEN must be HOST:PORT or unix:PATH, not '$listen'"; return 1 ;;
    esac
    "$build/tenantauthd" --config "$dir/tenantauth.conf" --listen "$listen" "$@" \
        </dev/null >>"$dir/tenantauthd.log" 2>&1 &
    local pid=$!
    echo "$pid" >"$dir/tenantauthd.pid"
    echo "$listen" >"$dir/tenantauthd.listen"
    stack__wait_listen "$listen" "$pid" tenantauthd "$dir/tenantauthd.log"
}

stack_daemon_stop() {
    local dir
    dir=$(stack__abs "${1:?stack_daemon_stop DIR}")
    stack__stop_pidfile "$dir/tenantauthd.pid" tenantauthd
}

# stack__backend BACKEND — split HOST:PORT / unix:PATH into BACKEND_HOST+PORT or
# BACKEND_SOCKET.
stack__backend() {
    BACKEND_HOST= BACKEND_PORT= BACKEND_SOCKET=
    case $1 in
        unix:*) BACKEND_SOCKET=${1#unix:} ;;
        *:*) BACKEND_HOST=${1%:*} BACKEND_PORT=${1##*:} ;;
        *) stack__die "BACKEND must be HOST:PORT or unix:PATH, not '$1'"; return 1 ;;
    esac
}

# stack__protected_content DIR — DIR/www/protected/: a static file and a CGI script
# that prints the TENANTAUTH_* variables the FastCGI Authorizer handed over. Both
# web servers guard /protected/ with tenantauthd's Authorizer role.
stack__protected_content() {
    local dir=$1
    mkdir -p "$dir/www/protected"
    echo "protected content" >"$dir/www/protected/hello.txt"
    cat >"$dir/www/protected/env.cgi" <<'EOF_CGI'
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
printf 'TENANTAUTH_USER_ID=%s\n' "${TENANTAUTH_USER_ID-}"
printf 'TENANTAUTH_TENANT=%s\n' "${TENANTAUTH_TENANT-}"
printf 'TENANTAUTH_AUTHORITY=%s\n' "${TENANTAUTH_AUTHORITY-}"
printf 'TENANTAUTH_PLAN=%s\n' "${TENANTAUTH_PLAN-}"
printf 'REMOTE_USER=%s\n' "${REMOTE_USER-}"
EOF_CGI
    chmod 755 "$dir/www/protected/env.cgi"
}

# --------------------------------------------------------------------------
# lighttpd (mod_fastcgi)
# --------------------------------------------------------------------------

# stack_lighttpd_start DIR PORT BACKEND — BACKEND is HOST:PORT or unix:PATH.
stack_lighttpd_start() {
    local dir port backend
    dir=$(stack__abs "${1:?stack_lighttpd_start DIR PORT BACKEND}")
    port=${2:?stack_lighttpd_start DIR PORT BACKEND}
    backend=${3:?stack_lighttpd_start DIR PORT BACKEND}
    command -v lighttpd >/dev/null || { stack__die "lighttpd is not installed"; return 1; }
    stack__backend "$backend" || return 1
    mkdir -p "$dir/www"
    stack__protected_content "$dir"
    local target
    if [ -n "$BACKEND_SOCKET" ]; then
        target="\"socket\" => \"$BACKEND_SOCKET\","
    else
        target="\"host\" => \"$BACKEND_HOST\", \"port\" => $BACKEND_PORT,"
    fi
    cat >"$dir/lighttpd.conf" <<EOF
# written by scripts/stack.sh
server.modules += ( "mod_setenv", "mod_fastcgi", "mod_cgi", "mod_accesslog" )

server.bind          = "127.0.0.1"
server.port          = $port
server.document-root = "$dir/www"
server.pid-file      = "$dir/lighttpd.pid"
server.errorlog      = "$dir/lighttpd.log"
accesslog.filename   = "$dir/lighttpd-access.log"

# Bearer tokens and cookies can be long; a 10 KB Authorization header must reach
# tenantauthd (which answers 401) rather than die here with 431.
server.max-request-field-size = 32768

# Everything under /api goes to tenantauthd; it resolves the tenant from Host.
fastcgi.server = (
    "/api" => ((
        $target
        "check-local" => "disable",
        "fix-root-scriptname" => "disable"
    )),
    # /protected/ is served by lighttpd itself (static file, CGI) once tenantauthd's
    # Authorizer role said 200; its Variable-TENANTAUTH_* become the CGI's environment.
    "/protected/" => ((
        $target
        "mode" => "authorizer"
    ))
)
cgi.assign = ( ".cgi" => "" )

# A virtual host pinned to one tenant whatever its host names are.
\$HTTP["host"] == "pinned.test" {
    setenv.add-environment = ( "TENANTAUTH_TENANT" => "beta" )
}
EOF
    rm -f "$dir/lighttpd.pid"
    lighttpd -D -f "$dir/lighttpd.conf" </dev/null >>"$dir/lighttpd.out" 2>&1 &
    local pid=$!
    echo "$pid" >"$dir/lighttpd.pidfile"
    stack__wait_listen "$port" "$pid" lighttpd "$dir/lighttpd.log"
}

stack_lighttpd_stop() {
    local dir
    dir=$(stack__abs "${1:?stack_lighttpd_stop DIR}")
    stack__stop_pidfile "$dir/lighttpd.pidfile" lighttpd
}

# --------------------------------------------------------------------------
# Apache (mod_proxy_fcgi)
# --------------------------------------------------------------------------

# stack_apache_start DIR PORT BACKEND [AUTHORIZER] — BACKEND is HOST:PORT or
# unix:PATH; AUTHORIZER (tenantauthd's authorizer-listen HOST:PORT) guards /protected/
# with mod_authnz_fcgi, which only speaks TCP.
stack_apache_start() {
    local dir port backend authorizer
    dir=$(stack__abs "${1:?stack_apache_start DIR PORT BACKEND [AUTHORIZER]}")
    port=${2:?stack_apache_start DIR PORT BACKEND [AUTHORIZER]}
    backend=${3:?stack_apache_start DIR PORT BACKEND [AUTHORIZER]}
    authorizer=${4:-}
    local httpd
    httpd=$(command -v apache2 || echo /usr/sbin/apache2)
    [ -x "$httpd" ] || { stack__die "apache2 is not installed"; return 1; }
    stack__backend "$backend" || return 1
    mkdir -p "$dir/www" "$dir/apache-run"
    local target protected=""
    if [ -n "$authorizer" ]; then
        stack__protected_content "$dir"
        protected=$(cat <<EOF_PROTECTED
# /protected/ is served by Apache itself (static file, CGI) once tenantauthd's
# Authorizer role said 200; its Variable-TENANTAUTH_* become the CGI's environment.
AuthnzFcgiDefineProvider authnz tenantauth fcgi://$authorizer/
ScriptSock "$dir/apache-run/cgid.sock"
<Directory "$dir/www/protected">
    Options +ExecCGI
    AddHandler cgi-script .cgi
    # mod_authnz_fcgi hands the authorizer only what CGI would see: let Authorization through.
    CGIPassAuth On
    AuthType Bearer
    AuthName tenantauth
    AuthnzFcgiCheckAuthnProvider tenantauth Authoritative On RequireBasicAuth Off UserExpr "%{reqenv:TENANTAUTH_USER_ID}"
    Require tenantauth
</Directory>
EOF_PROTECTED
)
    fi
    if [ -n "$BACKEND_SOCKET" ]; then
        target="unix:$BACKEND_SOCKET|fcgi://localhost/api/"
    else
        target="fcgi://$BACKEND_HOST:$BACKEND_PORT/api/"
    fi
    local m mods=""
    for m in mpm_event authz_core authn_core proxy proxy_fcgi setenvif env headers \
        unixd log_config mime dir authnz_fcgi cgid reqtimeout; do
        # Some (unixd, ...) may be compiled in; loading those again is an error.
        mods+="<IfModule !${m}_module>"$'\n'
        mods+="    LoadModule ${m}_module $STACK_APACHE_MODULES/mod_$m.so"$'\n'
        mods+="</IfModule>"$'\n'
    done
    local user=""
    [ "$(id -u)" -eq 0 ] && user=$'User www-data\nGroup www-data'
    # The connection reuse of the shipped snippet, as shipped.
    local reuse
    reuse=$(sed -n 's|^[[:space:]]*ProxyPass "/api/" "[^"]*" *||p' "$STACK_ROOT/etc/apache2/tenantauth.conf" | head -n 1)
    # The slow-client limits of the shipped snippet, as shipped.
    local reqtimeout
    reqtimeout=$(grep -E '^[[:space:]]*RequestReadTimeout ' "$STACK_ROOT/etc/apache2/tenantauth.conf" | head -n 1)
    [ -n "$reqtimeout" ] || { stack__die "no RequestReadTimeout in etc/apache2/tenantauth.conf"; return 1; }
    cat >"$dir/apache2.conf" <<EOF
# written by scripts/stack.sh — self-contained, reads nothing from /etc/apache2
ServerRoot "$dir"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
$user
PidFile "$dir/apache-run/apache2.pid"
Mutex file:$dir/apache-run default
DefaultRuntimeDir "$dir/apache-run"
ErrorLog "$dir/apache-error.log"
LogLevel warn
LogFormat "%h %l %u %t \"%r\" %>s %b \"%{Host}i\"" stack
CustomLog "$dir/apache-access.log" stack

$mods
TypesConfig /etc/mime.types
DocumentRoot "$dir/www"
<Directory />
    Require all granted
</Directory>

# Bearer tokens and cookies can be long; a 10 KB Authorization header must reach
# tenantauthd (which answers 401) rather than die here with 400.
LimitRequestFieldSize 32768

# Slow clients: the same limits as etc/apache2/tenantauth.conf.
$reqtimeout

# Everything under /api/ goes to tenantauthd; it resolves the tenant from Host. Kept
# connections (FCGI_KEEP_CONN), as etc/apache2/tenantauth.conf ships them.
ProxyPass "/api/" "$target" $reuse
<Location "/api/">
    # mod_proxy_fcgi drops Authorization unless told to pass it.
    CGIPassAuth On
</Location>

$protected

# The first virtual host is the default one (every Host not named below).
<VirtualHost 127.0.0.1:$port>
    ServerName default.invalid
</VirtualHost>

# A virtual host pinned to one tenant whatever its host names are.
<VirtualHost 127.0.0.1:$port>
    ServerName pinned.test
    SetEnv TENANTAUTH_TENANT beta
    # SetEnv runs after authentication: the FastCGI Authorizer sees only SetEnvIf's.
    SetEnvIf Host ^ TENANTAUTH_TENANT=beta
</VirtualHost>
EOF
    [ "$(id -u)" -eq 0 ] && chown www-data:www-data "$dir/apache-run"
    if ! "$httpd" -f "$dir/apache2.conf" -t >"$dir/apache-configtest.log" 2>&1; then
        stack__die "apache2 rejects $dir/apache2.conf:"
        cat "$dir/apache-configtest.log" >&2
        return 1
    fi
    "$httpd" -f "$dir/apache2.conf" -DFOREGROUND </dev/null >>"$dir/apache.out" 2>&1 &
    local pid=$!
    echo "$pid" >"$dir/apache.pidfile"
    stack__wait_listen "$port" "$pid" apache2 "$dir/apache-error.log"
}

stack_apache_stop() {
    local dir
    dir=$(stack__abs "${1:?stack_apache_stop DIR}")
    stack__stop_pidfile "$dir/apache.pidfile" apache2
}

# --------------------------------------------------------------------------
# SMTP sink (tests/fakes/smtp_sink.py)
# --------------------------------------------------------------------------

# stack_smtp_start DIR PORT [sink args...] — the SMTP sink on 127.0.0.1:PORT, writing
# each mail it accepts to DIR/mail/ (--refuse: answer 421; --user NAME:PASSWORD).
stack_smtp_start() {
    local dir port
    dir=$(stack__abs "${1:?stack_smtp_start DIR PORT}")
    port=${2:?stack_smtp_start DIR PORT}
    shift 2
    mkdir -p "$dir/mail" || { stack__die "cannot create $dir/mail"; return 1; }
    python3 "$STACK_ROOT/tests/fakes/smtp_sink.py" --port "$port" --dir "$dir/mail" "$@" \
        </dev/null >>"$dir/smtp-sink.log" 2>&1 &
    local pid=$!
    echo "$pid" >"$dir/smtp-sink.pid"
    stack__wait_listen "$port" "$pid" smtp-sink "$dir/smtp-sink.log"
}

stack_smtp_stop() {
    stack__stop_pidfile "$(stack__abs "${1:?stack_smtp_stop DIR}")/smtp-sink.pid" smtp-sink
}

# stack_stop_all DIR — stop whatever of the above runs in DIR; deletes no files.
# --------------------------------------------------------------------------
# Sanitizer reports (builds made with SANITIZE=1)
# --------------------------------------------------------------------------

# stack_sanitizer_capture DIR — from now on every sanitized process started from this
# shell (the daemon and the workers its supervisor respawns after an abort,
# tenantauthctl, test binaries) writes its ASan/UBSan/LSan reports as files in DIR
# instead of to a log nobody reads. A plain build writes nothing there.
stack_sanitizer_capture() {
    local dir=${1:?stack_sanitizer_capture DIR}
    mkdir -p "$dir" && chmod 1777 "$dir"
    export ASAN_OPTIONS="log_path=$dir/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
    export UBSAN_OPTIONS="log_path=$dir/ubsan:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
}

# stack_sanitizer_reports DIR — prints each report found in DIR (to stderr) and the
# number of them (to stdout).
stack_sanitizer_reports() {
    local dir=${1:?stack_sanitizer_reports DIR} f n=0
    for f in "$dir"/*; do
        [ -s "$f" ] || continue
        echo "---- sanitizer report ($(basename "$f"))" >&2
        head -n 60 "$f" >&2
        n=$((n + 1))
    done
    echo "$n"
}

stack_stop_all() {
    local dir rc=0
    dir=$(stack__abs "${1:?stack_stop_all DIR}")
    stack_apache_stop "$dir" || rc=1
    stack_lighttpd_stop "$dir" || rc=1
    stack_daemon_stop "$dir" || rc=1
    stack_smtp_stop "$dir" || rc=1
    stack_pgbouncer_stop "$dir" || rc=1
    stack_pg_stop "$dir" || rc=1
    rm -f "${TMPDIR:-/tmp}/.stack-ports-$$"
    return $rc
}
