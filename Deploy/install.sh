#!/usr/bin/env bash
# Installs bulletind on a Debian server: binary, users and groups, folders, example configuration
# and the systemd unit. DESTDIR installs into a scratch root (for packaging or inspection).
#
#   sudo Deploy/install.sh                  build (release) and install
#   DESTDIR=/tmp/root Deploy/install.sh     install into /tmp/root without touching the system
#
# Who may do what (see README, "Deploying"):
#   bulletind            the daemon's user and group: the only one that reads the state folder
#                        (processing/, done/, failed/) and the daemon's configuration.
#   bulletind-producers  people and crawlers who drop bulletins: they may add files to the inbox
#                        (mode 3730: no listing, no deleting others' files) and nothing else.
#                        Add them with: usermod -aG bulletind-producers NAME
#   root                 owns the credentials: /etc/bulletind/bulletind.env and /etc/bulletind/pgpass
#                        are 0600, read by systemd and handed to the daemon (LoadCredential=).
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
install -D -m 0644 Deploy/roles.sql "$DESTDIR/usr/local/share/doc/bulletind/roles.sql"
install -D -m 0644 Deploy/grants.sql "$DESTDIR/usr/local/share/doc/bulletind/grants.sql"
install -d -m 0750 "$DESTDIR/etc/bulletind"
# No secret in the YAML file: the daemon's group may read it.
[ -e "$DESTDIR/etc/bulletind/bulletind.yaml" ] || install -m 0640 Deploy/bulletind.yaml "$DESTDIR/etc/bulletind/bulletind.yaml"
# Credentials: root's alone; systemd reads them for the daemon.
[ -e "$DESTDIR/etc/bulletind/bulletind.env" ] || printf '# PG* variables or BULLETIND_CONNINFO for bulletind (no password: see pgpass)\n#PGHOST=/run/postgresql\n#PGDATABASE=bulletins\n#PGUSER=bulletind\n' \
    | install -m 0600 /dev/stdin "$DESTDIR/etc/bulletind/bulletind.env"
[ -e "$DESTDIR/etc/bulletind/pgpass" ] || printf '# host:port:database:user:password (libpq .pgpass format)\n' \
    | install -m 0600 /dev/stdin "$DESTDIR/etc/bulletind/pgpass"
install -d -m 0710 "$DESTDIR/var/lib/bulletind"
install -d -m 0700 "$DESTDIR/var/lib/bulletind/state"
install -d -m 3730 "$DESTDIR/var/lib/bulletind/inbox"

if [ -z "$DESTDIR" ]; then
    getent group bulletind >/dev/null || groupadd --system bulletind
    getent group bulletind-producers >/dev/null || groupadd --system bulletind-producers
    getent passwd bulletind >/dev/null || useradd --system --gid bulletind --home-dir /var/lib/bulletind --shell /usr/sbin/nologin bulletind
    chown bulletind:bulletind-producers /var/lib/bulletind /var/lib/bulletind/inbox
    chmod 0710 /var/lib/bulletind
    chmod 3730 /var/lib/bulletind/inbox
    chown -R bulletind:bulletind /var/lib/bulletind/state
    chmod 0700 /var/lib/bulletind/state
    chown root:bulletind /etc/bulletind /etc/bulletind/bulletind.yaml
    chown root:root /etc/bulletind/bulletind.env /etc/bulletind/pgpass
    chmod 0600 /etc/bulletind/bulletind.env /etc/bulletind/pgpass
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        systemd-tmpfiles --create /usr/lib/tmpfiles.d/bulletind.conf || true
        systemctl daemon-reload
        echo "installed; create the database roles (/usr/local/share/doc/bulletind/roles.sql), migrate as bulletind_migrator, run grants.sql, edit /etc/bulletind/{bulletind.env,pgpass}, then 'systemctl enable --now bulletind'" >&2
    fi
else
    echo "installed into $DESTDIR" >&2
fi
