#!/usr/bin/env bash
# A private PostgreSQL for development and tests, on a Unix socket under the project folder.
#
#   Deploy/pg-dev.sh start     initdb (first time) and start; installs postgresql + libpq-dev if missing
#   Deploy/pg-dev.sh stop      stop it
#   Deploy/pg-dev.sh restart-immediate   pg_ctl restart -m immediate (for outage tests)
#   Deploy/pg-dev.sh status    is it running
#   eval "$(Deploy/pg-dev.sh env)"   export PGHOST, PGPORT, PGUSER, PGDATABASE for it
#
# Works as an ordinary user and as root (the server then runs as the postgres user through
# runuser, since PostgreSQL refuses to run as root). BULLETIND_PG_DIR and BULLETIND_PG_PORT
# override the data folder and port (the port is given at every start, so it wins over the one
# written when the cluster was made; two checkouts on one machine use two ports).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PORT="${BULLETIND_PG_PORT:-54331}"
DIR="${BULLETIND_PG_DIR:-$ROOT/.pg}"
DB="${BULLETIND_PG_DATABASE:-bulletind}"

as_root() { [ "$(id -u)" = 0 ]; }

install_packages() {
    local need=()
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
    pkg-config --exists libpq 2>/dev/null || need+=(libpq-dev)
    pkg-config --exists libcrypto 2>/dev/null || need+=(libssl-dev)
    command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
    [ ${#need[@]} -eq 0 ] && return 0
    echo "pg-dev: installing ${need[*]}" >&2
    local sudo=""
    as_root || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
}

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

# Runs a server program as the user that owns the cluster.
as_pg() {
    if as_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

prepare_dir() {
    mkdir -p "$DIR"
    if as_root; then
        chown postgres:postgres "$DIR"
        # The server user must be able to reach the folder; otherwise fall back to /tmp.
        if ! runuser -u postgres -- test -w "$DIR"; then
            DIR="/tmp/bulletind-pg-$(echo "$ROOT" | md5sum | cut -c1-8)"
            mkdir -p "$DIR"; chown postgres:postgres "$DIR"
        fi
    fi
    chmod 700 "$DIR"
}

socket_dir() { echo "$DIR/run"; }

start() {
    install_packages
    local bin; bin="$(bindir)"
    [ -n "$bin" ] || { echo "pg-dev: PostgreSQL server binaries not found" >&2; exit 69; }
    prepare_dir
    if [ ! -f "$DIR/data/PG_VERSION" ]; then
        as_pg "$bin/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C >/dev/null
        cat >> "$DIR/data/postgresql.conf" <<CONF
listen_addresses = ''
port = $PORT
unix_socket_directories = '$(socket_dir)'
fsync = on
synchronous_commit = on
max_connections = 100
shared_buffers = 128MB
CONF
    fi
    as_pg mkdir -p "$(socket_dir)"
    if ! as_pg "$bin/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
        as_pg "$bin/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -o "-p $PORT" -w -t 60 start >/dev/null
    fi
    local i
    for i in $(seq 1 60); do
        psql -X -q -h "$(socket_dir)" -p "$PORT" -U postgres -d postgres -c 'SELECT 1' >/dev/null 2>&1 && break
        sleep 0.5
    done
    psql -X -q -h "$(socket_dir)" -p "$PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'" | grep -q 1 \
        || psql -X -q -h "$(socket_dir)" -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE $DB" >/dev/null
    echo "pg-dev: PostgreSQL running on $(socket_dir) port $PORT, database $DB" >&2
}

locate_dir() {
    # The /tmp fallback is used when the project folder is out of the server user's reach.
    if [ ! -d "$DIR/data" ]; then
        local alt="/tmp/bulletind-pg-$(echo "$ROOT" | md5sum | cut -c1-8)"
        [ -d "$alt/data" ] && DIR="$alt"
    fi
}

case "${1:-}" in
    start) start ;;
    stop) locate_dir; as_pg "$(bindir)/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null 2>&1 || true ;;
    restart-immediate) locate_dir; as_pg "$(bindir)/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -o "-p $PORT" -m immediate -w restart >/dev/null ;;
    stop-immediate) locate_dir; as_pg "$(bindir)/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true ;;
    start-again) locate_dir; as_pg "$(bindir)/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -o "-p $PORT" -w start >/dev/null ;;
    status) locate_dir; as_pg "$(bindir)/pg_ctl" -D "$DIR/data" status ;;
    env) locate_dir; echo "export PGHOST='$(socket_dir)' PGPORT='$PORT' PGUSER=postgres PGDATABASE='$DB'" ;;
    *) echo "usage: $0 start|stop|restart-immediate|stop-immediate|start-again|status|env" >&2; exit 64 ;;
esac
