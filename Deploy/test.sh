#!/usr/bin/env bash
# The test command: starts the private PostgreSQL (installing it if needed), runs every test
# target with the database tests enabled, fails if those did not run, then runs the crash test
# with the real binary, real signals and real files.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

Deploy/pg-dev.sh start
eval "$(Deploy/pg-dev.sh env)"
export BULLETIND_TEST_PG=1

LOG="$(mktemp)"
set +e
swift test 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || { echo "test.sh: swift test failed ($status)" >&2; exit "$status"; }

# The database tests must have run, not been skipped.
if grep -q 'Suite "PostgreSQL" skipped' "$LOG" || ! grep -q 'Suite "PostgreSQL" passed' "$LOG"; then
    echo "test.sh: the PostgreSQL tests did not run" >&2
    exit 1
fi
echo "test.sh: PostgreSQL suite ran: $(grep -c '^✔ Test .*passed' "$LOG") tests passed in all targets" >&2

Deploy/crash-test.sh
