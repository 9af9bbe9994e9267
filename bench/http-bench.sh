#!/usr/bin/env bash
# HTTP benchmark: wrk against cqdt and, in the same run, against nginx serving static files of
# the same size as cqdt's answers: the health check, an authenticated read of one record, and a
# public dossier tracking lookup (issue 13: code and 4 check digits, no account). Prints one
# table: req/s, p50, p99 and the cqdt/nginx ratio, then cqdt's idle RSS and its time from start
# to ready on SQLite.
#   bench/http-bench.sh [--duration 10s] [--connections 64] [--threads 2] [--rounds 3]
# Everything runs on this machine's loopback; the load generator shares the cores with the
# servers, so read the ratios rather than the absolute numbers. The CPU time each server spent
# per request (user + system, from /proc) is steadier than req/s on a shared machine. cqdt and
# nginx take turns for
# `--rounds` rounds and the table shows each one's median, so a load that comes and goes hits
# both alike. nginx's own figures are printed beside cqdt's, with the load average before and
# after: a busy machine starves the reference too (nginx at 80k req/s where a quiet machine
# gives it 180k), and a ratio against a starved reference means little.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=10s connections=64 threads=2 rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    *) echo "usage: $0 [--duration 10s] [--connections 64] [--threads 2] [--rounds 3]" >&2; exit 2 ;;
  esac
done
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
command -v wrk >/dev/null && command -v nginx >/dev/null || bash scripts/install-deps.sh
[ -x build/cqdt ] || bash scripts/build.sh --no-web

work=$(mktemp -d /tmp/cqdt-bench.XXXXXX)
cqdt_pid="" cold_pid="" nginx_started=0
cleanup() {
  [ -n "$cqdt_pid" ] && kill "$cqdt_pid" 2>/dev/null || true
  [ -n "$cold_pid" ] && kill "$cold_pid" 2>/dev/null || true
  [ "$nginx_started" = 1 ] && nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -s stop 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# --- cqdt on SQLite, demo data; measure start-to-ready and idle RSS ---
./build/cqdt demo --data-dir "$work/data" >/dev/null
cport=$(free_port)
cat >"$work/cqdt.toml" <<TOML
[server]
io_threads = 2
worker_threads = 2
[log]
level = "warn"
access_log = false
[security]
anonymous_requests_per_minute = 100000000
# The per-address tracking limit (30 a minute by default) would answer 429 to wrk's load.
tracking_requests_per_minute = 100000000
# The default: an answer is reused while this instance writes nothing, for 2 s at most.
tracking_cache_seconds = 2
TOML
t0=$(date +%s%N)
./build/cqdt serve --config "$work/cqdt.toml" --data-dir "$work/data" \
  --listen "127.0.0.1:$cport" --web-root "$work/none" >"$work/cqdt.log" 2>&1 &
cqdt_pid=$!
# Ready when /readyz answers 200; give up if the process died or after a generous ceiling.
deadline=$(( $(date +%s) + 180 ))
until curl -sf "http://127.0.0.1:$cport/readyz" >/dev/null 2>&1; do
  if ! kill -0 "$cqdt_pid" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
    echo "cqdt did not become ready:" >&2; cat "$work/cqdt.log" >&2; exit 1
  fi
  sleep 0.002
done
t1=$(date +%s%N)
ready_ms=$(( (t1 - t0) / 1000000 ))
sleep 1
idle_rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$cqdt_pid/status")

cookie=$(curl -sf -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"username":"admin","password":"CqdtDemo@2026"}' \
  "http://127.0.0.1:$cport/api/v1/auth/login" | sed -n 's/^Set-Cookie: \(cqdt_session=[^;]*\).*/\1/ip' | tr -d '\r')
[ -n "$cookie" ] || { echo "login failed" >&2; exit 1; }
agency_path=/api/v1/agencies/4
curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$cport$agency_path" >"$work/agency.json"
curl -sf "http://127.0.0.1:$cport/healthz" >"$work/healthz.json"

# One dossier received at the counter, tracked by its code and the applicant's phone's last digits.
login_body=$(curl -sf -c "$work/counter.jar" -H 'Content-Type: application/json' \
  -d '{"username":"motcua.rachgia","password":"CqdtDemo@2026"}' \
  "http://127.0.0.1:$cport/api/v1/auth/login")
csrf=$(node -e 'console.log(JSON.parse(process.argv[1]).csrfToken)' "$login_body")
dossier=$(curl -sf -b "$work/counter.jar" -H 'Content-Type: application/json' -H "X-CSRF-Token: $csrf" \
  -d '{"procedureCode":"1.001193","channel":"direct","delivery":"counter",
       "applicant":{"name":"Nguyễn Văn Đo","phone":"0918 246 813"},
       "documents":[{"ordinal":1,"provided":true},{"ordinal":2,"provided":true},{"ordinal":5,"byData":true}]}' \
  "http://127.0.0.1:$cport/api/v1/dossiers")
dossier_code=$(node -e 'console.log(JSON.parse(process.argv[1]).code)' "$dossier")
tracking_path="/api/v1/portal/tracking?code=$dossier_code&check=6813"
curl -sf "http://127.0.0.1:$cport$tracking_path" >"$work/tracking.json"

# A second cqdt on the same database that never reuses an answer: what each lookup costs when
# every one is built (many different dossiers, or a write between every two lookups).
coldport=$(free_port)
sed 's/^tracking_cache_seconds = .*/tracking_cache_seconds = 0/' "$work/cqdt.toml" >"$work/cold.toml"
./build/cqdt serve --config "$work/cold.toml" --data-dir "$work/data" \
  --listen "127.0.0.1:$coldport" --web-root "$work/none" >"$work/cold.log" 2>&1 &
cold_pid=$!
deadline=$(( $(date +%s) + 180 ))
until curl -sf "http://127.0.0.1:$coldport/readyz" >/dev/null 2>&1; do
  if ! kill -0 "$cold_pid" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
    echo "the second cqdt did not become ready:" >&2; cat "$work/cold.log" >&2; exit 1
  fi
  sleep 0.01
done

# --- nginx serving files of the same sizes ---
mkdir -p "$work/nginx/html" "$work/nginx/logs"
chmod 755 "$work"  # nginx workers run as www-data
cp "$work/healthz.json" "$work/nginx/html/healthz.json"
cp "$work/agency.json" "$work/nginx/html/agency.json"
cp "$work/tracking.json" "$work/nginx/html/tracking.json"
nport=$(free_port)
cat >"$work/nginx/nginx.conf" <<NGINX
worker_processes 2;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 100000;
  default_type application/json;
  server {
    listen 127.0.0.1:$nport;
    root $work/nginx/html;
  }
}
NGINX
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf"
nginx_started=1
deadline=$(( $(date +%s) + 60 ))
until curl -sf "http://127.0.0.1:$nport/healthz.json" >/dev/null 2>&1; do
  [ "$(date +%s)" -le "$deadline" ] || { echo "nginx did not start" >&2; exit 1; }
  sleep 0.01
done

cpu_ticks() {  # pid... -> user + system CPU time of those processes, in clock ticks
  local total=0 pid t
  for pid in "$@"; do
    # Fields 14 and 15 of /proc/PID/stat, counted after the ")" that ends the command name.
    t=$(sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12 + $13 }')
    total=$((total + t))
  done
  echo "$total"
}

run_wrk() {  # url header pid... -> "rps p50 p99 errors cpu-us-per-request"
  local url=$1 header=$2 out t0 t1
  shift 2
  t0=$(cpu_ticks "$@")
  if [ -n "$header" ]; then
    out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -H "$header" "$url")
  else
    out=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency "$url")
  fi
  t1=$(cpu_ticks "$@")
  local rps p50 p99 errs requests cpu
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  cpu=$(awk -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" -v n="$requests" \
    'BEGIN { printf "%.1f", (n > 0 ? t / hz * 1e6 / n : 0) }')
  errs=$(grep -E "Non-2xx|Socket errors" <<<"$out" | tr '\n' ' ' | tr ' ' '_')
  echo "$rps $p50 $p99 ${errs:--} $cpu"
}

median() {  # the middle line of the numbers on stdin (the lower one of an even count)
  sort -g | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'
}

printf '\nwrk -t%s -c%s -d%s, %s rounds, same machine (%s cores), loopback; medians\n\n' \
  "$threads" "$connections" "$duration" "$rounds" "$(nproc)"
printf '| scenario | server | req/s | p50 | p99 | CPU µs/request | cqdt/nginx |\n'
printf '|---|---|---|---|---|---|---|\n'
summary=()
nginx_workers=$(pgrep -P "$(cat "$work/nginx/nginx.pid")" | tr '\n' ' ')
bench_pair() {  # name cqdt_url nginx_url header bytes
  local c_runs=() n_runs=() c_err n_err i
  for ((i = 0; i < rounds; i++)); do
    c_runs+=("$(run_wrk "$2" "$4" "${bench_pid:-$cqdt_pid}")")
    # shellcheck disable=SC2086 # one argument per worker pid
    n_runs+=("$(run_wrk "$3" "" $nginx_workers)")
  done
  read -r c_rps c_p50 c_p99 c_cpu <<<"$(pick_median "${c_runs[@]}")"
  read -r n_rps n_p50 n_p99 n_cpu <<<"$(pick_median "${n_runs[@]}")"
  c_err=$(printf '%s\n' "${c_runs[@]}" | awk '$4 != "-" { print $4 }' | sort -u | tr -d '\n')
  n_err=$(printf '%s\n' "${n_runs[@]}" | awk '$4 != "-" { print $4 }' | sort -u | tr -d '\n')
  ratio=$(awk -v a="$c_rps" -v b="$n_rps" 'BEGIN { printf "%.2f", a / b }')
  printf '| %s | cqdt | %s | %s | %s | %s | %s |\n' "$1" "$c_rps" "$c_p50" "$c_p99" "$c_cpu" "$ratio"
  printf '| %s | nginx (static file, %s bytes) | %s | %s | %s | %s | |\n' \
    "$1" "$5" "$n_rps" "$n_p50" "$n_p99" "$n_cpu"
  [ -z "$c_err$n_err" ] || echo "   errors: cqdt: ${c_err:-none}; nginx: ${n_err:-none}" | tr '_' ' '
  summary+=("$1: cqdt $(printf '%s ' "${c_runs[@]%% *}")req/s; nginx $(printf '%s ' "${n_runs[@]%% *}")req/s")
  last_ratio=$ratio
}
pick_median() {  # "rps p50 p99 errs cpu"... -> "rps p50 p99 cpu" of the run with the median req/s
  local m
  m=$(printf '%s\n' "$@" | awk '{ print $1 }' | median)
  printf '%s\n' "$@" | awk -v m="$m" '$1 == m { print $1, $2, $3, $5; exit }'
}
bench_pair "GET /healthz" "http://127.0.0.1:$cport/healthz" "http://127.0.0.1:$nport/healthz.json" "" \
  "$(stat -c %s "$work/healthz.json")"
bench_pair "GET $agency_path (session cookie)" "http://127.0.0.1:$cport$agency_path" \
  "http://127.0.0.1:$nport/agency.json" "Cookie: $cookie" "$(stat -c %s "$work/agency.json")"
agency_ratio=$last_ratio
bench_pair "GET /api/v1/portal/tracking (no account)" "http://127.0.0.1:$cport$tracking_path" \
  "http://127.0.0.1:$nport/tracking.json" "" "$(stat -c %s "$work/tracking.json")"
tracking_ratio=$last_ratio
bench_pid=$cold_pid  # its CPU time, not the first one's
bench_pair "GET /api/v1/portal/tracking, every answer built" \
  "http://127.0.0.1:$coldport$tracking_path" "http://127.0.0.1:$nport/tracking.json" "" \
  "$(stat -c %s "$work/tracking.json")"
cold_ratio=$last_ratio
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

printf '\nEvery round (cqdt and nginx alternate):\n'
printf '  %s\n' "${summary[@]}"
printf 'Load average before: %s; after: %s (%s cores).' "$load_before" "$load_after" "$(nproc)"
if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 4) }'; then
  printf '\nThe machine was busy before the run: nginx is starved too and the ratio is unreliable;\n'
  printf 'repeat on a quiet machine.'
fi
printf '\n'

printf '\n| measure | value | target |\n|---|---|---|\n'
printf '| authenticated read of one record, cqdt/nginx | %s | >= 0.60 |\n' "$agency_ratio"
printf '| public dossier tracking, cqdt/nginx | %s | >= 0.80 |\n' "$tracking_ratio"
printf '| public dossier tracking, every answer built, cqdt/nginx | %s | (shown) |\n' "$cold_ratio"
printf '| cqdt idle RSS (SQLite, demo data) | %s MB | < 40 MB |\n' "$(awk -v k="$idle_rss_kb" 'BEGIN { printf "%.1f", k / 1024 }')"
printf '| cqdt start to ready (/readyz 200, SQLite) | %s ms | < 300 ms |\n' "$ready_ms"
