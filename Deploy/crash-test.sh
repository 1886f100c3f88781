#!/usr/bin/env bash
# Crash and outage test with the real daemon: drops N unique bulletins, SIGKILLs the daemon at
# random moments, restarts PostgreSQL immediately, runs several instances on one inbox (one of
# them killed for good), then checks exact counts: documents = distinct inputs, observations =
# the expected sum, no duplicates, inbox and processing/ empty, SIGTERM exits 0.
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
cleanup() { pkill -KILL -f "bulletind run --inbox $INBOX" 2>/dev/null || true; psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

SAMPLE=Deploy/sample/qinghe-2024-conference.txt
PER_DOC="$("$BIN" extract "$SAMPLE" | python3 -c 'import json,sys; print(len(json.loads(sys.stdin.read())["metrics"]))')"

# Unique files: the sample plus a letters-only line, so every file has the same figures.
python3 - "$SAMPLE" "$STAGE" "$N" <<'PY'
import sys, os
src, stage, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
body = open(src, "rb").read()
letters = "abcdefghijklmnopqrstuvwxyz"
for i in range(n):
    tag, k = "", i
    while True:
        tag = letters[k % 26] + tag; k //= 26
        if k == 0: break
    open(os.path.join(stage, f"b {i:05d} 'x'.txt"), "wb").write(body + f"\n编号{tag}\n".encode())
PY

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
if [ "$ok" -eq 1 ]; then echo "crash-test: 1 passed, 0 failed"; else echo "crash-test: 0 passed, 1 failed"; tail -n 20 "$WORK/daemon.log" >&2; exit 1; fi
