#!/usr/bin/env bash
# Crash and outage test with the real daemon: drops N unique bulletins, SIGKILLs the daemon at
# random moments, restarts PostgreSQL immediately, runs several instances on one inbox (one of
# them killed for good), then instances under their own host names (unshare --uts, as on hosts
# sharing the inbox over NFS): one that lives keeps its claimed files past several leases, and
# once it is killed another takes them over only after lease_seconds. Then it checks exact
# counts: documents = distinct inputs, observations = the expected sum, no duplicates, inbox and
# processing/ empty, SIGTERM exits 0.
#
#   Deploy/crash-test.sh [N] [KILLS]     (defaults 1000 files, 5 kills; needs Deploy/pg-dev.sh start)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-1000}"
KILLS="${2:-5}"
eval "$(Deploy/pg-dev.sh env)"
swift build --product bulletind 2>&1 | tail -n 1 >&2
BIN="$(swift build --show-bin-path)/bulletind"

DB="bulletind_crash_$$"
psql -X -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
export PGDATABASE="$DB"
"$BIN" migrate >/dev/null 2>&1

WORK="$(mktemp -d /tmp/bulletind-crash-XXXXXX)"
INBOX="$WORK/inbox"; STAGE="$WORK/stage"
mkdir -p "$INBOX" "$STAGE"
ROLE_A="bulletind_crash_a_$$"
cleanup() {
    pkill -KILL -f "bulletind run --inbox $INBOX" 2>/dev/null || true
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
    psql -X -q -d postgres -c "DROP ROLE IF EXISTS $ROLE_A" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

SAMPLE=Deploy/sample/qinghe-2024-conference.txt
PER_DOC="$("$BIN" extract "$SAMPLE" | python3 -c 'import json,sys; print(len(json.loads(sys.stdin.read())["metrics"]))')"

# Unique files: the sample plus a letters-only line, so every file has the same figures.
# make_files DIR COUNT PREFIX
make_files() {
    python3 - "$SAMPLE" "$1" "$2" "$3" <<'PY'
import sys, os
src, stage, n, prefix = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
body = open(src, "rb").read()
letters = "abcdefghijklmnopqrstuvwxyz"
for i in range(n):
    tag, k = "", i
    while True:
        tag = letters[k % 26] + tag; k //= 26
        if k == 0: break
    open(os.path.join(stage, f"{prefix} {i:05d} 'x'.txt"), "wb").write(body + f"\n编号{prefix}{tag}\n".encode())
PY
}
make_files "$STAGE" "$N" b

# Started in this shell (not in $(...)) so that `wait` can read each daemon's exit status.
start() { "$BIN" run --inbox "$INBOX" --lease 3 --rescan-interval 1 --log-level warning --http 127.0.0.1:0 >>"$WORK/daemon.log" 2>&1 & LAST=$!; }

start; P1=$LAST
# Drop in waves while killing and restarting the daemon and the database.
i=0
for f in "$STAGE"/*; do
    mv "$f" "$INBOX/"
    i=$((i + 1))
    if [ $((i % (N / (KILLS + 1)))) -eq 0 ] && [ "$KILLS" -gt 0 ]; then
        sleep "0.$((RANDOM % 9 + 1))"
        kill -KILL "$P1"; wait "$P1" 2>/dev/null || true
        KILLS=$((KILLS - 1))
        echo "crash-test: SIGKILL at $i files dropped" >&2
        if [ $((KILLS % 2)) -eq 0 ]; then
            Deploy/pg-dev.sh restart-immediate
            echo "crash-test: PostgreSQL restarted (immediate)" >&2
        fi
        start; P1=$LAST
    fi
done

# Several instances on one inbox; one is killed for good and its claims must be taken over.
start; P2=$LAST; start; P3=$LAST
sleep 0.3
kill -KILL "$P3"; wait "$P3" 2>/dev/null || true
echo "crash-test: third instance killed for good" >&2

deadline=$((SECONDS + 180))
while [ $SECONDS -lt $deadline ]; do
    left=$(find "$INBOX" -maxdepth 1 -type f | wc -l)
    claimed=$(find "$INBOX/.bulletind/processing" -mindepth 2 -type f | wc -l)
    [ "$left" -eq 0 ] && [ "$claimed" -eq 0 ] && break
    sleep 0.5
done

kill -TERM "$P1" "$P2"
set +e; wait "$P1"; s1=$?; wait "$P2"; s2=$?; set -e

# Several hosts: instances under their own host names share the inbox, so a claim is judged by
# its lease alone (the pid check only applies on one's own host).
K=40
LEASE=4
unshare --uts true 2>/dev/null || { echo "crash-test: cannot run: unshare --uts fails (it needs root)" >&2; echo "crash-test: 0 passed, 1 failed"; exit 1; }
# start_host NAME ARGS…: the daemon under host name NAME, in its own UTS namespace.
start_host() {
    local name="$1"; shift
    unshare --uts sh -c 'hostname "$0" && exec "$@"' "$name" "$BIN" run --inbox "$INBOX" --lease "$LEASE" \
        --rescan-interval 1 --log-level notice --http 127.0.0.1:0 "$@" >>"$WORK/host-$name.log" 2>&1 &
    LAST=$!
}
wait_ready() { for _ in $(seq 1 120); do grep -q 'msg=ready' "$1" && return 0; sleep 0.25; done; echo "crash-test: $1 never ready" >&2; return 1; }
psql -X -q -d postgres -c "CREATE ROLE $ROLE_A LOGIN SUPERUSER" >/dev/null
start_host crash-a --conninfo "user=$ROLE_A dbname=$DB"; HA=$LAST
wait_ready "$WORK/host-crash-a.log"
# Host A loses its database (its role may no longer log in, its sessions end) but lives on:
# what it claims now it holds, retrying, while it refreshes its lease.
psql -X -q -d postgres -c "ALTER ROLE $ROLE_A NOLOGIN" \
    -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '$ROLE_A'" >/dev/null
STAGE2="$WORK/stage2"; mkdir -p "$STAGE2"
make_files "$STAGE2" "$K" h
for f in "$STAGE2"/*; do mv "$f" "$INBOX/"; done
A_DIR=""
for _ in $(seq 1 100); do
    A_DIR="$(find "$INBOX/.bulletind/processing" -mindepth 1 -maxdepth 1 -type d -name 'crash-a.*' | head -n 1)"
    [ -n "$A_DIR" ] && [ "$(find "$A_DIR" -type f | wc -l)" -eq "$K" ] && break
    sleep 0.1
done
[ -n "$A_DIR" ] && [ "$(find "$A_DIR" -type f | wc -l)" -eq "$K" ] || { echo "crash-test: host A did not claim the $K files" >&2; ok_hosts=0; }
start_host crash-b; HB=$LAST
wait_ready "$WORK/host-crash-b.log"
# Three leases with both alive: B, rescanning every second, must not touch A's claims.
sleep $((3 * LEASE))
held=$(find "$A_DIR" -type f | wc -l)
kill -KILL "$HA"; wait "$HA" 2>/dev/null || true
killed_at="$(date +%s.%N)"
last_beat="$(python3 -c 'import os, sys; print(os.stat(sys.argv[1]).st_mtime)' "$A_DIR.lease" 2>/dev/null || echo 0)"
taken_at=""
for _ in $(seq 1 600); do
    [ -d "$A_DIR" ] || { taken_at="$(date +%s.%N)"; break; }
    sleep 0.1
done
deadline=$((SECONDS + 120))
while [ $SECONDS -lt $deadline ]; do
    [ "$(psql -XtA -c "SELECT count(*) FROM bulletin.documents")" -ge $((N + K)) ] \
        && [ "$(find "$INBOX/.bulletind/processing" -mindepth 2 -type f | wc -l)" -eq 0 ] && break
    sleep 0.5
done
kill -TERM "$HB"
set +e; wait "$HB"; s3=$?; set -e
after_beat="$(awk -v t="${taken_at:-0}" -v b="$last_beat" 'BEGIN { printf "%.1f", t - b }')"
after_kill="$(awk -v t="${taken_at:-0}" -v k="$killed_at" 'BEGIN { printf "%.1f", t - k }')"
echo "crash-test: several hosts: crash-a held $held of $K claimed files through $((3 * LEASE)) s (3 leases) while alive; crash-b took them over ${after_beat} s after crash-a's last heartbeat (lease $LEASE s), ${after_kill} s after the kill; sigterm-exit=$s3" >&2
ok_hosts=${ok_hosts:-1}
[ "$held" -eq "$K" ] || ok_hosts=0
[ -n "$taken_at" ] || ok_hosts=0
awk -v a="$after_beat" -v l="$LEASE" 'BEGIN { exit !(a >= l && a < l + 10) }' || ok_hosts=0
grep -q 'took over claimed files of a stopped instance.*owner=crash-a' "$WORK/host-crash-b.log" || ok_hosts=0
[ "$s3" -eq 0 ] || ok_hosts=0
N=$((N + K))

docs=$(psql -XtA -c "SELECT count(*) FROM bulletin.documents")
distinct=$(psql -XtA -c "SELECT count(DISTINCT sha256) FROM bulletin.documents")
obs=$(psql -XtA -c "SELECT count(*) FROM bulletin.observations")
dups=$(psql -XtA -c "SELECT count(*) FROM (SELECT document_id, key, value, status, period, evidence_start FROM bulletin.observations GROUP BY 1,2,3,4,5,6 HAVING count(*) > 1) d")
done_files=$(find "$INBOX/.bulletind/done" -type f | wc -l)
failed=$(find "$INBOX/.bulletind/failed" -type f | wc -l)
left=$(find "$INBOX" -maxdepth 1 -type f | wc -l)
claimed=$(find "$INBOX/.bulletind/processing" -mindepth 2 -type f | wc -l)

echo "crash-test: files=$N documents=$docs distinct=$distinct observations=$obs (expected $((N * PER_DOC))) duplicates=$dups done=$done_files failed=$failed inbox=$left processing=$claimed sigterm-exit=$s1,$s2" >&2
ok=1
[ "$docs" -eq "$N" ] || ok=0
[ "$distinct" -eq "$N" ] || ok=0
[ "$obs" -eq $((N * PER_DOC)) ] || ok=0
[ "$dups" -eq 0 ] || ok=0
[ "$done_files" -eq "$N" ] || ok=0
[ "$failed" -eq 0 ] || ok=0
[ "$left" -eq 0 ] || ok=0
[ "$claimed" -eq 0 ] || ok=0
[ "$s1" -eq 0 ] && [ "$s2" -eq 0 ] || ok=0
[ "$ok_hosts" -eq 1 ] || ok=0
if [ "$ok" -eq 1 ]; then echo "crash-test: 1 passed, 0 failed"; else echo "crash-test: 0 passed, 1 failed"; tail -n 20 "$WORK/daemon.log" "$WORK"/host-*.log >&2; exit 1; fi
