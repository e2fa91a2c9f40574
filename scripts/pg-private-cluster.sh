#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for the test suite when no server is reachable.
# Prints its connection string on stdout. initdb must not run as root, hence `su postgres`.
set -euo pipefail
port="${1:-55432}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bin" ] || { echo "no PostgreSQL binaries under /usr/lib/postgresql (apt-get install -y postgresql)" >&2; exit 1; }
base="${TMPDIR:-/tmp}/samsyn-pg-$port"
if ! [ -f "$base/data/PG_VERSION" ]; then
  mkdir -p "$base/data" "$base/sock"
  chown -R postgres: "$base"
  su postgres -c "$bin/initdb -D $base/data -A trust -U postgres -E UTF8" >"$base/initdb.log" 2>&1
fi
chown -R postgres: "$base"
if ! su postgres -c "$bin/pg_ctl -D $base/data status" >/dev/null 2>&1; then
  # TCP only: no Unix socket, whose path would be limited to 107 bytes under a long TMPDIR.
  if ! su postgres -c "$bin/pg_ctl -D $base/data -o '-p $port -c unix_socket_directories= -c listen_addresses=127.0.0.1 -c fsync=off' -l $base/server.log -w start" >&2; then
    echo "--- the server's log ($base/server.log):" >&2
    tail -n 20 "$base/server.log" >&2 || true
    exit 1
  fi
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
