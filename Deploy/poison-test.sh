#!/usr/bin/env bash
# Poison-file test with the real daemon (a debug build, which has the fault-injection point):
# one bulletin makes the extractor trap (BULLETIND_FAULT_CRASH_ON), beside N ordinary ones. The
# daemon runs under a supervisor loop that restarts it when it dies, as systemd's
# Restart=on-failure does. It must crash a bounded number of times (CrashCount.limit), then put
# the file in failed/ with reason crashed_extractor and store every other file exactly once.
#
#   Deploy/poison-test.sh [N]     (default 30 files; needs Deploy/pg-dev.sh start)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
N="${1:-30}"
LIMIT=3
eval "$(Deploy/pg-dev.sh env)"
swift build --product bulletind 2>&1 | tail -n 1 >&2
BIN="$(swift build --show-bin-path)/bulletind"

DB="bulletind_poison_$$"
psql -X -q -d postgres -c "CREATE DATABASE $DB" >/dev/null
export PGDATABASE="$DB"
"$BIN" migrate >/dev/null 2>&1

WORK="$(mktemp -d /tmp/bulletind-poison-XXXXXX)"
INBOX="$WORK/inbox"; STAGE="$WORK/stage"
mkdir -p "$INBOX" "$STAGE"
cleanup() {
    pkill -KILL -f "bulletind run --inbox $INBOX" 2>/dev/null || true
    psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

SAMPLE=Deploy/sample/qinghe-2024-conference.txt
TRIGGER="POISON-$$-TRIGGER"
for i in $(seq -w 1 "$N"); do { cat "$SAMPLE"; printf '\n编号%s\n' "$i"; } >"$STAGE/b$i.txt"; done
{ cat "$SAMPLE"; printf '\n%s\n' "$TRIGGER"; } >"$STAGE/b00-poison.txt"
mv "$STAGE"/* "$INBOX/"

# The supervisor: restart after a crash (2 workers, so the culprit shares the extractor).
runs=0; crashes=0; status=0
export BULLETIND_FAULT_CRASH_ON="$TRIGGER"
while [ "$runs" -lt $((LIMIT + 3)) ]; do
    runs=$((runs + 1))
    "$BIN" run --inbox "$INBOX" --workers 2 --lease 3 --rescan-interval 1 --log-level notice \
        --http 127.0.0.1:0 >>"$WORK/daemon.log" 2>&1 &
    pid=$!
    # Until it dies or the queue is empty.
    while kill -0 "$pid" 2>/dev/null; do
        left=$(find "$INBOX" -maxdepth 1 -type f | wc -l)
        claimed=$(find "$INBOX/.bulletind/processing" -mindepth 2 -type f 2>/dev/null | wc -l || true)
        [ "$left" -eq 0 ] && [ "$claimed" -eq 0 ] && [ -d "$INBOX/.bulletind/done" ] && break
        sleep 0.2
    done
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid"; set +e; wait "$pid"; status=$?; set -e
        break
    fi
    set +e; wait "$pid"; status=$?; set -e
    crashes=$((crashes + 1))
    echo "poison-test: run $runs ended with status $status" >&2
done

docs=$(psql -XtA -c "SELECT count(*) FROM bulletin.documents")
done_files=$(find "$INBOX/.bulletind/done" -type f | wc -l)
failed_files=$(find "$INBOX/.bulletind/failed" -type f -name 'b00-poison.txt' | wc -l)
reason=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["reason"])' \
    "$INBOX/.bulletind/failed/b00-poison.txt.error.json" 2>/dev/null || echo none)
left=$(find "$INBOX" -maxdepth 1 -type f | wc -l)
stray=$(find "$INBOX/.bulletind/processing" -mindepth 1 | wc -l)
echo "poison-test: files=$((N + 1)) crashes=$crashes (limit $LIMIT) documents=$docs done=$done_files failed=$failed_files reason=$reason inbox=$left processing-entries=$stray sigterm-exit=$status" >&2
ok=1
[ "$crashes" -eq "$LIMIT" ] || ok=0
[ "$docs" -eq "$N" ] || ok=0
[ "$done_files" -eq "$N" ] || ok=0
[ "$failed_files" -eq 1 ] || ok=0
[ "$reason" = crashed_extractor ] || ok=0
[ "$left" -eq 0 ] || ok=0
[ "$stray" -eq 0 ] || ok=0
[ "$status" -eq 0 ] || ok=0
grep -q 'extracting alone a file the instance before stopped on' "$WORK/daemon.log" || ok=0
if [ "$ok" -eq 1 ]; then echo "poison-test: 1 passed, 0 failed"; else echo "poison-test: 0 passed, 1 failed"; tail -n 30 "$WORK/daemon.log" >&2; exit 1; fi
