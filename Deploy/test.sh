#!/usr/bin/env bash
# The test command: checks the code format, starts the private PostgreSQL (installing it if
# needed), runs every test target with the database tests enabled, fails if those did not run,
# then runs the crash test with the real binary, real signals and real files, and the failover
# test with a real primary and standby (asynchronous and synchronous replication).
# BULLETIND_PG_PORT chooses the PostgreSQL port (see Deploy/pg-dev.sh).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

Deploy/format.sh

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

# The unit's sandboxing must stay at an exposure of 1.5 or lower.
if command -v systemd-analyze >/dev/null 2>&1; then
    exposure=$(systemd-analyze security --offline=true Deploy/bulletind.service 2>/dev/null | sed -n 's/.*exposure level for bulletind.service: \([0-9.]*\).*/\1/p')
    echo "test.sh: systemd-analyze exposure of Deploy/bulletind.service: ${exposure:-unknown}" >&2
    if [ -n "$exposure" ] && ! awk -v e="$exposure" 'BEGIN { exit !(e <= 1.5) }'; then
        echo "test.sh: the unit's exposure $exposure is above 1.5" >&2; exit 1
    fi
fi

Deploy/crash-test.sh

Deploy/poison-test.sh

Deploy/failover-test.sh
