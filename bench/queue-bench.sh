#!/usr/bin/env bash
# Queue-page benchmark (issue 10): "a user's queue page with 1,000,000 documents and 5,000 users
# in the database: p50/p99 over 10,000 requests through HTTP; target p99 < 20 ms on SQLite".
#   bench/queue-bench.sh [--documents 1000000] [--users 5000] [--requests 10000]
#                        [--connections "1 8"] [--keep DIR] [--cqdt BINARY]
# Makes a demo database (`cqdt demo` migrates it first), loads it with bench/queue_data.cpp (not
# for production: straight inserts), serves it with `cqdt serve` on loopback, logs in as
# chuyenvien.snv (an officer with a few hundred open items among thousands of finished ones) and
# lanhdao.snv (a leader: the agency-wide "instruct" queue), and sends --requests GET requests of
# each route at each connection count (bench/http-count-load.mjs: wrk runs for a
# duration, not a count). The first row of each block is GET /healthz
# through the same HTTP stack, the floor of any page: when it is slow, the machine is starved.
# --keep DIR keeps (and reuses) the loaded data directory, which takes minutes to make; --cqdt
# serves it with another build (e.g. one from before a change, to compare).
set -euo pipefail
cd "$(dirname "$0")/.."
documents=1000000 users=5000 requests=10000 connections="1 8" keep="" cqdt=build/cqdt
while [ $# -gt 0 ]; do
  case "$1" in
    --documents) documents=$2; shift 2 ;;
    --users) users=$2; shift 2 ;;
    --requests) requests=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    --cqdt) cqdt=$2; shift 2 ;;
    *) echo "usage: $0 [--documents N] [--users N] [--requests N] [--connections \"1 8\"] [--keep DIR] [--cqdt BINARY]" >&2
       exit 2 ;;
  esac
done
[ -f build/build.ninja ] || bash scripts/build.sh --no-web
[ "$cqdt" != build/cqdt ] || cmake --build build --target cqdt >/dev/null

work=$(mktemp -d /tmp/cqdt-queue-bench.XXXXXX)
cqdt_pid=""
cleanup() {
  [ -n "$cqdt_pid" ] && kill "$cqdt_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
data=${keep:-$work/data}
if [ ! -f "$data/cqdt.db" ]; then
  cmake --build build --target cqdt cqdt_queue_data >/dev/null
  ./build/cqdt demo --data-dir "$data" >/dev/null
  ./build/bench/cqdt_queue_data --db "$data/cqdt.db" --documents "$documents" --users "$users" \
    --user chuyenvien.snv
else
  echo "Reusing $data (loaded earlier)."
fi

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$work/cqdt.toml" <<TOML
[server]
io_threads = 2
worker_threads = 2
[log]
level = "warn"
access_log = false
[security]
anonymous_requests_per_minute = 1000000
TOML
"$cqdt" serve --config "$work/cqdt.toml" --data-dir "$data" --listen "127.0.0.1:$port" \
  --web-root "$work/none" >"$work/cqdt.log" 2>&1 &
cqdt_pid=$!
# Ready when /readyz answers 200; give up if the process died or after a generous ceiling.
deadline=$(( $(date +%s) + 300 ))
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
  if ! kill -0 "$cqdt_pid" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
    echo "cqdt did not become ready:" >&2; cat "$work/cqdt.log" >&2; exit 1
  fi
  sleep 0.05
done
login() {  # username -> the session cookie
  curl -sf -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"$1\",\"password\":\"CqdtDemo@2026\"}" \
    "http://127.0.0.1:$port/api/v1/auth/login" |
    sed -n 's/^Set-Cookie: \(cqdt_session=[^;]*\).*/\1/ip' | tr -d '\r'
}
officer=$(login chuyenvien.snv) leader=$(login lanhdao.snv)
[ -n "$officer" ] && [ -n "$leader" ] || { echo "login failed" >&2; cat "$work/cqdt.log" >&2; exit 1; }
total_of() {  # path cookie -> the "total" of a queue page
  curl -sf -H "Cookie: $2" "http://127.0.0.1:$port$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'
}
officer_items=$(total_of /api/v1/documents/queues/process "$officer")
leader_items=$(total_of /api/v1/documents/queues/instruct "$leader")

run() {  # label path cookie connections
  local line
  line=$(node bench/http-count-load.mjs "http://127.0.0.1:$port$2" "$requests" "$4" "$3")
  read -r p50 p99 max n rate bad <<<"$line"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$4" "$n" "$p50" "$p99" "$max" "$rate" "$bad"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
printf '\n%s documents, %s users, SQLite; %s requests per row, a Node client on the same machine (%s cores), loopback\n' \
  "$documents" "$users" "$requests" "$(nproc)"
printf 'chuyenvien.snv: %s items in "process"; lanhdao.snv: %s items in "instruct"\n\n' \
  "$officer_items" "$leader_items"
printf '| route | conn. | requests | p50 ms | p99 ms | max ms | req/s | non-2xx |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for c in $connections; do
  run "GET /healthz (reference: the floor)" /healthz "" "$c"
  run "officer: GET /documents/queues/process" /api/v1/documents/queues/process "$officer" "$c"
  run "officer: GET /documents/queues (counts)" /api/v1/documents/queues "$officer" "$c"
  run "leader: GET /documents/queues/instruct" /api/v1/documents/queues/instruct "$leader" "$c"
  run "leader: GET /documents/queues (counts)" /api/v1/documents/queues "$leader" "$c"
done
printf '\nLoad average before: %s; after: %s (%s cores). Target: p99 < 20 ms on SQLite.\n' \
  "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)"
