#!/usr/bin/env bash
# Starts or stops a throwaway PostgreSQL 15 cluster for tests, on a loopback port, in a temp dir.
#   scripts/pg-cluster.sh start DIR PORT   -> prints the admin URL (postgresql://...); a cluster
#                                             already in DIR (see halt) is started again as it is
#   scripts/pg-cluster.sh stop DIR         -> stops it and removes DIR
#   scripts/pg-cluster.sh halt DIR         -> stops it and keeps DIR (benchmarks that reuse data)
# The server refuses to run as root, so as root the cluster belongs to the `postgres` user.
# CQDT_PG_FSYNC=off starts it without fsync (scripts/test.sh: the tests kill cqdt and stop or
# restart the server, never the machine, and a killed process loses nothing the kernel holds;
# each database test's CREATE DATABASE and migrations took twice as long with fsync). Benchmarks
# keep the default, on.
set -euo pipefail
cmd=$1 dir=$2
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    port=$3
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; fi
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$bindir/initdb" -D "$dir/data" -U cqdt --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    # -w waits for the server to accept connections; the ceiling is generous for a loaded machine.
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 300 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c fsync=${CQDT_PG_FSYNC:-on} -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://cqdt@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  halt)
    if [ -d "$dir/data" ]; then
      as_pg "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 300 stop >/dev/null 2>&1 || true
    fi
    ;;
  *) echo "usage: $0 start DIR PORT | stop DIR | halt DIR" >&2; exit 2 ;;
esac
