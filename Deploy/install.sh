#!/usr/bin/env bash
# Installs bulletind on a Debian server: binary, system user, folders, example configuration and
# the systemd unit. DESTDIR installs into a scratch root (for packaging or inspection).
#
#   sudo Deploy/install.sh                  build (release) and install
#   DESTDIR=/tmp/root Deploy/install.sh     install into /tmp/root without touching the system
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DESTDIR="${DESTDIR:-}"
cd "$ROOT"

pkg-config --exists libpq && pkg-config --exists libcrypto || { [ -z "$DESTDIR" ] && apt-get install -y -qq libpq-dev libpq5 libssl-dev >/dev/null; }
swift build -c release --product bulletind >&2
BIN="$(swift build -c release --show-bin-path)/bulletind"

install -D -m 0755 "$BIN" "$DESTDIR/usr/local/bin/bulletind"
install -D -m 0644 Deploy/bulletind.service "$DESTDIR/etc/systemd/system/bulletind.service"
install -D -m 0644 Deploy/tmpfiles.d-bulletind.conf "$DESTDIR/usr/lib/tmpfiles.d/bulletind.conf"
install -D -m 0644 README.md "$DESTDIR/usr/local/share/doc/bulletind/README.md"
install -d -m 0750 "$DESTDIR/etc/bulletind"
[ -e "$DESTDIR/etc/bulletind/bulletind.yaml" ] || install -m 0640 Deploy/bulletind.yaml "$DESTDIR/etc/bulletind/bulletind.yaml"
[ -e "$DESTDIR/etc/bulletind/bulletind.env" ] || printf '# PG* variables or BULLETIND_CONNINFO for bulletind\n#PGHOST=/run/postgresql\n#PGDATABASE=bulletins\n' \
    | install -m 0640 /dev/stdin "$DESTDIR/etc/bulletind/bulletind.env"
install -d -m 0750 "$DESTDIR/var/lib/bulletind/state"
install -d -m 2770 "$DESTDIR/var/lib/bulletind/inbox"

if [ -z "$DESTDIR" ]; then
    getent group bulletind >/dev/null || groupadd --system bulletind
    getent passwd bulletind >/dev/null || useradd --system --gid bulletind --home-dir /var/lib/bulletind --shell /usr/sbin/nologin bulletind
    chown -R bulletind:bulletind /var/lib/bulletind
    chgrp bulletind /etc/bulletind /etc/bulletind/bulletind.yaml /etc/bulletind/bulletind.env
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        systemd-tmpfiles --create /usr/lib/tmpfiles.d/bulletind.conf || true
        systemctl daemon-reload
        echo "installed; edit /etc/bulletind/bulletind.yaml, run 'sudo -u bulletind bulletind migrate', then 'systemctl enable --now bulletind'" >&2
    fi
else
    echo "installed into $DESTDIR" >&2
fi
