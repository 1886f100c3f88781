#!/usr/bin/env bash
# Failover test with the real daemon and a real primary/standby pair: for asynchronous and for
# synchronous replication, a primary and a streaming standby made with pg_basebackup run on this
# machine (Unix sockets only, two ports); the daemon writes through a two-host conninfo
# (target_session_attrs=read-write); N files are dropped at a steady rate; the standby's WAL
# receiver is paused (SIGSTOP) so that it falls behind; the primary is stopped with
# `-m immediate` while the receiver is still paused, the receiver resumed and the standby
# promoted, all while files keep arriving. Every run must end with every file's document on the
# new primary exactly once, no duplicated observation, nothing in failed/, and SIGTERM exit 0.
#
#   Deploy/failover-test.sh [N]     (default 2000 files; FAILOVER_MODES="async sync" by default)
#
# Ports: BULLETIND_PG_PORT (default 54331) for the primary and the next one for the standby. Both
# listen on sockets in private folders only (listen_addresses = ''), so they never clash with the
# development server of Deploy/pg-dev.sh. Needs the PostgreSQL server binaries (Deploy/pg-dev.sh
# start installs them) and, as root, the postgres user; anything missing fails the test loudly.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-2000}"
MODES="${FAILOVER_MODES:-async sync}"
PORT_A="${BULLETIND_PG_PORT:-54331}"
PORT_B=$((PORT_A + 1))
LAG_SECONDS="${FAILOVER_LAG_SECONDS:-2}"

fail() {
    echo "failover-test: FAILED — $*" >&2
    echo "failover-test: 0 passed, 1 failed"
    exit 1
}

PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
for tool in initdb pg_ctl pg_basebackup postgres; do
    [ -n "$PGBIN" ] && [ -x "$PGBIN/$tool" ] || fail "cannot run: $tool not found under /usr/lib/postgresql/*/bin (run Deploy/pg-dev.sh start, which installs PostgreSQL)"
done
command -v psql >/dev/null || fail "cannot run: psql not found"
command -v python3 >/dev/null || fail "cannot run: python3 not found"
if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || fail "cannot run: no postgres user to run the servers as"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

swift build --product bulletind 2>&1 | tail -n 1 >&2 || fail "cannot run: swift build failed"
BIN="$(swift build --show-bin-path)/bulletind"
[ -x "$BIN" ] || fail "cannot run: $BIN was not built"

WORK="$(mktemp -d /tmp/bulletind-failover-XXXXXX)"
chmod 755 "$WORK"
DAEMON=""
WALRECEIVER=""
cleanup() {
    [ -n "$WALRECEIVER" ] && kill -CONT "$WALRECEIVER" 2>/dev/null || true
    [ -n "$DAEMON" ] && kill -KILL "$DAEMON" 2>/dev/null || true
    for data in "$WORK"/*/a/data "$WORK"/*/b/data; do
        [ -f "$data/postmaster.pid" ] && as_pg "$PGBIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

SAMPLE=Deploy/sample/qinghe-2024-conference.txt
PER_DOC="$("$BIN" extract "$SAMPLE" | python3 -c 'import json,sys; print(len(json.loads(sys.stdin.read())["metrics"]))')"
[ "$PER_DOC" -gt 0 ] || fail "cannot run: the sample yields no observations"

# psql on a socket folder and port: sql DIR PORT STATEMENT
sql() { psql -X -q -tA -h "$1" -p "$2" -U postgres -d bulletind -c "$3"; }
count() { find "$1" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | wc -l; }

# Starts the cluster in DATA (already configured).
pg_start() { as_pg "$PGBIN/pg_ctl" -D "$1" -l "$1/../server.log" -w -t 60 start >/dev/null || fail "server in $1 did not start: $(tail -n 5 "$1/../server.log")"; }

# One run: MODE is async or sync.
run_mode() {
    local mode="$1"
    local D="$WORK/$mode"
    local A="$D/a" B="$D/b" SA="$D/run-a" SB="$D/run-b"
    local INBOX="$D/inbox" STAGE="$D/stage"
    mkdir -p "$A" "$B" "$SA" "$SB" "$INBOX" "$STAGE"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$A" "$B" "$SA" "$SB"
    chmod 700 "$A" "$B"

    # The primary, with replication on (synchronous only once the standby streams).
    as_pg "$PGBIN/initdb" -D "$A/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
    cat >>"$A/data/postgresql.conf" <<CONF
listen_addresses = ''
port = $PORT_A
unix_socket_directories = '$SA'
wal_level = replica
max_wal_senders = 4
wal_keep_size = 1024MB
hot_standby = on
synchronous_commit = on
synchronous_standby_names = ''
max_connections = 50
shared_buffers = 64MB
CONF
    pg_start "$A/data"
    psql -X -q -h "$SA" -p "$PORT_A" -U postgres -d postgres -c "CREATE DATABASE bulletind" >/dev/null

    # The standby: a base backup of the primary, streaming from it.
    as_pg "$PGBIN/pg_basebackup" -h "$SA" -p "$PORT_A" -U postgres -D "$B/data" -X stream -R -c fast \
        || fail "pg_basebackup failed"
    cat >>"$B/data/postgresql.conf" <<CONF
port = $PORT_B
unix_socket_directories = '$SB'
cluster_name = 'standby'
synchronous_standby_names = ''
CONF
    pg_start "$B/data"
    if [ "$mode" = sync ]; then
        psql -X -q -h "$SA" -p "$PORT_A" -U postgres -d postgres \
            -c "ALTER SYSTEM SET synchronous_standby_names = '*'" -c "SELECT pg_reload_conf()" >/dev/null
    fi
    local i want="streaming"
    for i in $(seq 1 120); do
        [ "$(psql -X -tA -h "$SA" -p "$PORT_A" -U postgres -d postgres -c "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming' AND sync_state = '$([ "$mode" = sync ] && echo sync || echo async)'")" = 1 ] && want="" && break
        sleep 0.25
    done
    [ -z "$want" ] || fail "$mode: the standby is not streaming"

    local CONN="host=$SA,$SB port=$PORT_A,$PORT_B dbname=bulletind user=postgres target_session_attrs=read-write connect_timeout=2"
    "$BIN" migrate --conninfo "$CONN" >/dev/null 2>&1 || fail "$mode: bulletind migrate failed"

    # Unique files: the sample plus a letters-only line, so every file has the same figures.
    python3 - "$SAMPLE" "$STAGE" "$N" "$mode" <<'PY'
import sys, os
src, stage, n, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
body = open(src, "rb").read()
letters = "abcdefghijklmnopqrstuvwxyz"
for i in range(n):
    tag, k = "", i
    while True:
        tag = letters[k % 26] + tag; k //= 26
        if k == 0: break
    open(os.path.join(stage, f"f{i:05d}.txt"), "wb").write(body + f"\n编号{mode}{tag}\n".encode())
PY

    # The daemon; a short retry cap so that it finds the promoted standby soon after the failover.
    BULLETIND_RETRY_MAX_MS=1000 "$BIN" run --inbox "$INBOX" --conninfo "$CONN" --http 127.0.0.1:0 \
        --rescan-interval 1 --log-level notice >>"$D/daemon.log" 2>&1 &
    DAEMON=$!
    for i in $(seq 1 120); do grep -q 'msg=ready' "$D/daemon.log" && break; sleep 0.25; done
    grep -q 'msg=ready' "$D/daemon.log" || fail "$mode: the daemon did not become ready: $(tail -n 5 "$D/daemon.log")"

    # Files arrive steadily (20 every 0.1 s) during everything that follows.
    # (rename(2) one file at a time: `mv -t` with many files stats each target after moving it,
    # and fails when the daemon has claimed it already.)
    python3 - "$STAGE" "$INBOX" <<'PY' &
import os, sys, time
stage, inbox = sys.argv[1], sys.argv[2]
names = sorted(os.listdir(stage))
for start in range(0, len(names), 20):
    for name in names[start:start + 20]:
        os.rename(os.path.join(stage, name), os.path.join(inbox, name))
    time.sleep(0.1)
PY
    local DROPPER=$!

    # Once a fifth is stored, the standby's WAL receiver stops: the standby falls behind.
    for i in $(seq 1 600); do [ "$(count "$INBOX/.bulletind/done")" -ge $((N / 5)) ] && break; sleep 0.1; done
    WALRECEIVER="$(psql -X -tA -h "$SB" -p "$PORT_B" -U postgres -d postgres -c 'SELECT pid FROM pg_stat_wal_receiver')"
    [ -n "$WALRECEIVER" ] || fail "$mode: no WAL receiver on the standby"
    kill -STOP "$WALRECEIVER"
    sleep "$LAG_SECONDS"
    local done_at_failover; done_at_failover="$(count "$INBOX/.bulletind/done")"

    # The primary dies mid-stream; the standby gets what reached its socket, and is promoted.
    local failover_at; failover_at="$(date +%s.%N)"
    as_pg "$PGBIN/pg_ctl" -D "$A/data" -m immediate stop >/dev/null
    kill -CONT "$WALRECEIVER"
    WALRECEIVER=""
    as_pg "$PGBIN/pg_ctl" -D "$B/data" -w -t 60 promote >/dev/null || fail "$mode: promotion failed"
    local promoted_at; promoted_at="$(date +%s.%N)"

    wait "$DROPPER" || fail "$mode: dropping files failed"
    local deadline=$((SECONDS + 240)) docs=0
    while [ $SECONDS -lt $deadline ]; do
        docs="$(sql "$SB" "$PORT_B" "SELECT count(*) FROM bulletin.documents" 2>/dev/null || echo 0)"
        if [ "$docs" -ge "$N" ] && [ "$(count "$INBOX")" -eq 0 ] \
            && [ "$(find "$INBOX/.bulletind/processing" -mindepth 2 -type f | wc -l)" -eq 0 ]; then
            break
        fi
        sleep 0.5
    done

    kill -TERM "$DAEMON"
    local status=0
    wait "$DAEMON" || status=$?
    DAEMON=""

    local distinct obs dups failed done_files left claimed reconciled passes first_commit missing
    docs="$(sql "$SB" "$PORT_B" "SELECT count(*) FROM bulletin.documents")"
    distinct="$(sql "$SB" "$PORT_B" "SELECT count(DISTINCT sha256) FROM bulletin.documents")"
    obs="$(sql "$SB" "$PORT_B" "SELECT count(*) FROM bulletin.observations")"
    dups="$(sql "$SB" "$PORT_B" "SELECT count(*) FROM (SELECT document_id, key, value, status, period, evidence_start FROM bulletin.observations GROUP BY 1,2,3,4,5,6 HAVING count(*) > 1) d")"
    failed="$(count "$INBOX/.bulletind/failed")"
    done_files="$(count "$INBOX/.bulletind/done")"
    left="$(count "$INBOX")"
    claimed="$(find "$INBOX/.bulletind/processing" -mindepth 2 -type f | wc -l)"
    reconciled="$(sed -n 's/.*msg="reconciled done\/ with the database".* requeued=\([0-9]*\).*/\1/p' "$D/daemon.log" | awk '{ s += $1 } END { print s + 0 }')"
    passes="$(grep -c 'msg="reconciled done/ with the database"' "$D/daemon.log" || true)"
    first_commit="$(sql "$SB" "$PORT_B" "SELECT round((extract(epoch FROM min(ingested_at)) - $failover_at)::numeric, 2) FROM bulletin.documents WHERE ingested_at > to_timestamp($failover_at)")"
    # Every file in done/ has its document, by the hash of its bytes.
    missing="$( (cd "$INBOX/.bulletind/done" && python3 -c '
import hashlib, os, sys
print("\n".join(sorted(hashlib.sha256(open(f, "rb").read()).hexdigest() for f in os.listdir(".") if not f.startswith("."))))') \
        | comm -23 - <(sql "$SB" "$PORT_B" "SELECT sha256 FROM bulletin.documents ORDER BY sha256") | wc -l)"
    local promote_seconds; promote_seconds="$(awk -v a="$failover_at" -v b="$promoted_at" 'BEGIN { printf "%.2f", b - a }')"

    echo "failover-test: $mode replication: files=$N documents=$docs distinct=$distinct observations=$obs (expected $((N * PER_DOC))) duplicates=$dups done=$done_files failed=$failed inbox=$left processing=$claimed files-without-document=$missing; in done/ at the failover: $done_at_failover; reconciliation passes: $passes, files put back through the queue: $reconciled; seconds from failover to promotion: $promote_seconds, to the first commit on the new primary: ${first_commit:-none}; sigterm-exit=$status" >&2
    local ok=1
    [ "$docs" -eq "$N" ] || ok=0
    [ "$distinct" -eq "$N" ] || ok=0
    [ "$obs" -eq $((N * PER_DOC)) ] || ok=0
    [ "$dups" -eq 0 ] || ok=0
    [ "$failed" -eq 0 ] || ok=0
    [ "$done_files" -eq "$N" ] || ok=0
    [ "$left" -eq 0 ] || ok=0
    [ "$claimed" -eq 0 ] || ok=0
    [ "$missing" -eq 0 ] || ok=0
    [ "$status" -eq 0 ] || ok=0
    [ -n "$first_commit" ] || ok=0
    [ "$passes" -ge 1 ] || ok=0  # the daemon noticed the new server
    if [ "$ok" -ne 1 ]; then
        tail -n 30 "$D/daemon.log" >&2
        fail "$mode replication: the figures above are not all as required"
    fi
    as_pg "$PGBIN/pg_ctl" -D "$B/data" -m fast stop >/dev/null 2>&1 || true
}

passed=0
for mode in $MODES; do
    case "$mode" in async | sync) ;; *) fail "unknown mode $mode (async, sync)" ;; esac
    run_mode "$mode"
    passed=$((passed + 1))
done
echo "failover-test: $passed passed, 0 failed"
