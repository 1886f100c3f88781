#!/usr/bin/env bash
# The main job, end to end on a fresh machine: build bulletind, start a private PostgreSQL,
# migrate, run the daemon on a sample inbox, drop the project's sample bulletin into it the
# safe way (write elsewhere, then mv), and show the rows it produced.
#
#   Deploy/run-sample.sh            run, show the rows, stop the daemon (SIGTERM)
#   Deploy/run-sample.sh --follow   keep the daemon running in the foreground afterwards
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

Deploy/pg-dev.sh start
eval "$(Deploy/pg-dev.sh env)"
echo "== building (release)" >&2
swift build -c release --product bulletind 2>&1 | tail -n 3 >&2
BIN="$(swift build -c release --show-bin-path)/bulletind"

"$BIN" migrate

SAMPLE="$ROOT/.sample"
rm -rf "$SAMPLE"
mkdir -p "$SAMPLE/inbox" "$SAMPLE/stage"
echo "== starting: bulletind run --inbox $SAMPLE/inbox" >&2
"$BIN" run --inbox "$SAMPLE/inbox" --log-level info &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true' EXIT

# The safe drop: write in a staging folder on the same filesystem, then rename into the inbox.
cp Deploy/sample/qinghe-2024-conference.txt "$SAMPLE/stage/"
mv "$SAMPLE/stage/qinghe-2024-conference.txt" "$SAMPLE/inbox/"

for _ in $(seq 1 100); do
    [ -e "$SAMPLE/inbox/.bulletind/done/qinghe-2024-conference.txt" ] && break
    sleep 0.1
done
[ -e "$SAMPLE/inbox/.bulletind/done/qinghe-2024-conference.txt" ] || { echo "the sample was not stored" >&2; exit 1; }

echo "== bulletin.documents" >&2
psql -X -P pager=off -c "SELECT id, file_name, encoding, title, published, issuer, region, ingested_at FROM bulletin.documents ORDER BY id"
echo "== bulletin.observations" >&2
psql -X -P pager=off -c "SELECT plugin, key, value, unit, approx, status, period, level, subject FROM bulletin.observations ORDER BY evidence_start"

if [ "${1:-}" = "--follow" ]; then
    trap - EXIT
    echo "== the daemon keeps running; drop files into $SAMPLE/inbox (Ctrl-C stops it)" >&2
    wait $PID
else
    kill -TERM $PID
    wait $PID && echo "== daemon stopped cleanly (exit 0)" >&2
    trap - EXIT
fi
