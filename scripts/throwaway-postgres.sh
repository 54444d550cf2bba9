#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks: initdb into a temp folder, listen on
# 127.0.0.1 on a free port, print the connection URL.
#   start:  eval "$(scripts/throwaway-postgres.sh start)"   # sets DATABASE_URL and HUZHU_PG_DIR
#   stop:   scripts/throwaway-postgres.sh stop "$HUZHU_PG_DIR"
# Installs Debian's postgresql when initdb is missing. initdb refuses to run as root, so as root
# the server runs as the `postgres` user (created by the Debian package).
set -euo pipefail

find_bin() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null 2>&1 && dirname "$(command -v initdb)"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    bin=$(find_bin || true)
    if [ -z "$bin" ]; then
      echo "installing postgresql (Debian)..." >&2
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >&2 && apt-get install -y -qq postgresql >&2
      bin=$(find_bin)
    fi
    dir=$(mktemp -d /tmp/huzhu-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U huzhu -E UTF8 --no-instructions >/dev/null
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # Sized for this 2-core, 24 GiB machine; durable (fsync stays on) unless HUZHU_PG_FAST=1.
    opts="-c listen_addresses=127.0.0.1 -p $port -k $dir -c shared_buffers=1GB -c max_wal_size=8GB -c work_mem=64MB -c maintenance_work_mem=512MB -c max_connections=100"
    [ "${HUZHU_PG_FAST:-0}" = 1 ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    as_owner "$bin/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/server.log" -w start >/dev/null
    as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U huzhu huzhu
    echo "export DATABASE_URL=postgres://huzhu@127.0.0.1:$port/huzhu"
    echo "export HUZHU_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: stop DIR}
    bin=$(find_bin)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
