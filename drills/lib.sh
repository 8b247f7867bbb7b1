# shellcheck shell=bash
# drills/lib.sh — what the drill scripts share. drills/run exports DRILL_ROOT,
# DRILL_STATE (the stack's directory), DRILL_BASE (lighttpd), TA_DSN, TA_BUILD; each
# drill gets DRILL_OUT, a directory of its own, and writes its table row to
# $DRILL_OUT/row (drill.py check does).

# shellcheck source=../scripts/stack.sh
. "$DRILL_ROOT/scripts/stack.sh"

DRILL_PY=$DRILL_ROOT/drills/drill.py
export DRILL_PSQL=$STACK_PG_BIN/psql

say() { printf 'drill: %s\n' "$*" >&2; }

# event NAME [VALUE] — a timestamp (epoch seconds, default now) for drill.py check.
event() {
    echo "$1 ${2:-$(date +%s.%N)}" >>"$DRILL_OUT/events"
}

# start_load HOST:REGISTER:REFRESH... — closed-loop clients in the background until stop_load.
LOAD_PID=
start_load() {
    local args=() t
    for t in "$@"; do args+=(--tenant "$t"); done
    rm -f "$DRILL_OUT/stop"
    python3 "$DRILL_PY" load --base "$DRILL_BASE" --out "$DRILL_OUT/requests.jsonl" \
        --stop "$DRILL_OUT/stop" --max-seconds 180 "${args[@]}" 2>"$DRILL_OUT/load.err" &
    LOAD_PID=$!
}

stop_load() {
    touch "$DRILL_OUT/stop"
    local rc=0
    if [ -n "$LOAD_PID" ]; then
        wait "$LOAD_PID" || rc=$?
        LOAD_PID=
    fi
    if [ "$rc" -ne 0 ] || [ ! -s "$DRILL_OUT/requests.jsonl" ]; then
        say "the load generator failed (exit $rc):"
        cat "$DRILL_OUT/load.err" >&2
        return 1
    fi
}

# daemon_log_mark / daemon_log_since — the daemon log lines written during the drill.
daemon_log_mark() { wc -l <"$DRILL_STATE/tenantauthd.log" >"$DRILL_OUT/log.mark"; }
daemon_log_since() {
    tail -n +"$(($(cat "$DRILL_OUT/log.mark") + 1))" "$DRILL_STATE/tenantauthd.log"
}

# check ARGS... — drill.py check with this drill's files; a 500 logged by the daemon
# (internal error), or a worker process that exited other than the EXPECT_EXITS the
# drill caused itself, fails the drill too.
check() {
    local rc=0 errors exits
    python3 "$DRILL_PY" check --log "$DRILL_OUT/requests.jsonl" --events "$DRILL_OUT/events" \
        --row "$DRILL_OUT/row" "$@" || rc=1
    daemon_log_since >"$DRILL_OUT/tenantauthd.log"
    errors=$(grep -c 'internal error' "$DRILL_OUT/tenantauthd.log")
    if [ "$errors" -gt 0 ]; then
        say "tenantauthd logged $errors internal error(s) (500):"
        grep 'internal error' "$DRILL_OUT/tenantauthd.log" | head -n 5 >&2
        rc=1
    fi
    exits=$(grep -c 'exited (status' "$DRILL_OUT/tenantauthd.log")
    if [ "$exits" -ne "${EXPECT_EXITS:-0}" ]; then
        say "$exits worker process(es) exited during the drill, expected ${EXPECT_EXITS:-0}:"
        grep 'exited (status' "$DRILL_OUT/tenantauthd.log" | head -n 5 >&2
        rc=1
    fi
    [ "$rc" -eq 0 ] || sed -i 's/\tPASS$/\tFAIL/' "$DRILL_OUT/row"
    return $rc
}

master_pid() { cat "$DRILL_STATE/tenantauthd.pid"; }
# workers_of PID — its child processes, from /proc (no procps on a minimal Debian).
workers_of() {
    local parent=$1 f line ppid
    for f in /proc/[0-9]*/stat; do
        read -r line <"$f" 2>/dev/null || continue
        line=${line##*) }
        read -r _ ppid _ <<<"$line"
        if [ "$ppid" = "$parent" ]; then
            f=${f#/proc/}
            echo "${f%/stat}"
        fi
    done | sort -n
}
