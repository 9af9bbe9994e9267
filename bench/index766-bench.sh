#!/usr/bin/env bash
# The Decision 766 index over a year of a province's dossiers (issue 13, item 9): GET
# /api/v1/index766 for the last 365 days, every unit and the province, on SQLite, after
# bench/dossier_data.cpp has loaded --dossiers dossiers spread over that year (straight into a
# demo database; not for production). Beside it, in the same run and on the same file, the
# floor any computation over those rows pays: sqlite3's own shell counting the same rows by the
# same path (each agency's two ranges of the statistics' covering index). Target: < 5 s.
#   bench/index766-bench.sh [--dossiers 2000000] [--rounds 3] [--keep DIR]
# --keep DIR keeps (and reuses) the loaded data directory.
set -euo pipefail
cd "$(dirname "$0")/.."
dossiers=2000000 rounds=3 keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --dossiers) dossiers=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "usage: $0 [--dossiers 2000000] [--rounds 3] [--keep DIR]" >&2; exit 2 ;;
  esac
done
command -v sqlite3 >/dev/null || bash scripts/install-deps.sh
[ -f build/build.ninja ] || bash scripts/build.sh --no-web
cmake --build build --target cqdt cqdt_dossier_data >/dev/null

work=$(mktemp -d /tmp/cqdt-index766-bench.XXXXXX)
cqdt_pid=""
cleanup() {
  [ -n "$cqdt_pid" ] && kill "$cqdt_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

data=${keep:-$work/data}
if [ ! -f "$data/cqdt.db" ]; then
  t0=$(date +%s)
  ./build/cqdt demo --data-dir "$data" --no-pki --no-documents >/dev/null
  ./build/bench/cqdt_dossier_data --db "$data/cqdt.db" --dossiers "$dossiers" --years 1 >/dev/null
  # The demo ran its migrations before the load: apply any since (the index needs migration 9).
  ./build/cqdt demo --data-dir "$data" --no-pki --no-documents >/dev/null
  echo "Loaded $dossiers dossiers in $(( $(date +%s) - t0 )) s."
else
  echo "Reusing $data (loaded earlier)."
fi
cat >"$work/cqdt.toml" <<TOML
[log]
level = "warn"
access_log = false
[index766]
requests_per_minute = 100000
# No snapshot at start: it would compute the same index beside the first measured request.
snapshot_hour = -1
TOML
port=$(free_port)
./build/cqdt serve --config "$work/cqdt.toml" --data-dir "$data" --listen "127.0.0.1:$port" \
  --web-root "$work/none" >"$work/cqdt.log" 2>&1 &
cqdt_pid=$!
deadline=$(( $(date +%s) + 300 ))
until curl -sf "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do
  if ! kill -0 "$cqdt_pid" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
    echo "cqdt did not become ready:" >&2; cat "$work/cqdt.log" >&2; exit 1
  fi
  sleep 0.05
done

to=$(TZ=Asia/Ho_Chi_Minh date +%F)
from=$(TZ=Asia/Ho_Chi_Minh date -d "$to - 364 days" +%F)
from_s=$(TZ=Asia/Ho_Chi_Minh date -d "$from 00:00" +%s)
to_s=$(( $(TZ=Asia/Ho_Chi_Minh date -d "$to 00:00" +%s) + 86400 ))
url="http://127.0.0.1:$port/api/v1/index766?from=$from&to=$to"

median() { sort -g | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'; }
cqdt_runs=() floor_runs=()
for ((i = 0; i < rounds; i++)); do
  cqdt_runs+=("$(curl -sf -o "$work/index.json" -w '%{time_total}' "$url")")
  s=$(date +%s%N)
  sqlite3 "$data/cqdt.db" "SELECT COUNT(*), SUM(fee), SUM(channel = 2) FROM (
      SELECT fee, channel FROM org_agency a CROSS JOIN onestop_dossier d
        WHERE d.deciding_agency_id = a.id AND d.finished_at = 0 AND d.received_at >= $from_s
        AND d.received_at < $to_s
      UNION ALL
      SELECT fee, channel FROM org_agency a CROSS JOIN onestop_dossier d
        WHERE d.deciding_agency_id = a.id AND d.finished_at >= $from_s AND d.received_at < $to_s)" \
    >"$work/floor.txt"
  floor_runs+=("$(awk -v s="$s" -v e="$(date +%s%N)" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')")
done
counted=$(python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))["province"]
i = {x["code"]: x for g in p["groups"] for x in g["indicators"]}
print(i["PROGRESS_ON_TIME"]["denominator"], len(json.load(open(sys.argv[1]))["units"]), p["score"], p["maxScore"])' \
  "$work/index.json")
read -r progress units score max <<<"$counted"
rows=$(cut -d'|' -f1 "$work/floor.txt")

printf '\nDecision 766 index, %s .. %s, SQLite, %s rounds (medians; same machine, %s cores)\n\n' \
  "$from" "$to" "$rounds" "$(nproc)"
printf '| what | rows read | each run (s) | median (s) | target |\n|---|---|---|---|---|\n'
printf '| cqdt GET /api/v1/index766 (province + %s units, every indicator) | %s | %s | %s | < 5 s |\n' \
  "$units" "$rows" "${cqdt_runs[*]}" "$(printf '%s\n' "${cqdt_runs[@]}" | median)"
printf '| sqlite3 shell: the same rows counted, nothing else (floor) | %s | %s | %s | |\n' \
  "$rows" "${floor_runs[*]}" "$(printf '%s\n' "${floor_runs[@]}" | median)"
printf '\nProvince: %s of %s points counted locally; %s dossiers in the progress indicator.\n' \
  "$score" "$max" "$progress"
