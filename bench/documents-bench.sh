#!/usr/bin/env bash
# Documents benchmark (issue 10): registering an incoming document with a 1 MB PDF beside the
# storage ceiling (the same bytes written and fsynced, one row committed), and releasing a signed
# document (number + stamp + seal, stored) beside the seal signature alone, on SQLite and on a
# throwaway PostgreSQL cluster (reached through its Unix socket, then through loopback TCP), in
# one run. Prints one table (bench/documents_bench.cpp).
#   bench/documents-bench.sh [--build-dir build] [--count 40] [--release 40] [--rounds 5] [--no-pg]
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=build count=40 release=40 rounds=5 pg=1
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --count) count=$2; shift 2 ;;
    --release) release=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --no-pg) pg=0; shift ;;
    *) echo "usage: $0 [--build-dir build] [--count 40] [--release 40] [--rounds 5] [--no-pg]" >&2; exit 2 ;;
  esac
done
cmake --build "$build_dir" --target cqdt_documents_bench >/dev/null
args=(--count "$count" --release "$release" --rounds "$rounds")
if [ "$pg" = 1 ]; then
  pgdir=$(mktemp -d /tmp/cqdt-bench-pg.XXXXXX)
  trap 'bash scripts/pg-cluster.sh stop "$pgdir" >/dev/null 2>&1 || true; rm -rf "$pgdir"' EXIT
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  bash scripts/pg-cluster.sh start "$pgdir" "$port" >/dev/null
  # Two empty databases: the server reached through its Unix socket (how cqdt reaches a server on
  # its own host) and through loopback TCP (the network path a separate database server takes).
  for db in bench_socket bench_tcp; do
    psql -q "postgresql://cqdt@127.0.0.1:$port/postgres" -c "CREATE DATABASE $db" >/dev/null
  done
  args+=(--pg "postgresql://cqdt@/bench_socket?host=$pgdir&port=$port"
         --pg "postgresql://cqdt@127.0.0.1:$port/bench_tcp")
fi
CQDT_LOG_LEVEL=warn "$build_dir/bench/cqdt_documents_bench" "${args[@]}"
