#!/usr/bin/env bash
# README command 2: install what is missing, build, and run every test:
#   1. unit and database tests (ctest), the database ones on SQLite and on a throwaway
#      PostgreSQL cluster this script starts on a loopback port and removes afterwards;
#   2. API tests against the real cqdt binary (node --test tests/api);
#   3. browser tests in Debian's Chromium (node --test web/e2e) and the bundle-size budget;
#   4. an ASan+UBSan build running the unit tests (on SQLite) and the API tests again.
# Ends with one summary line "tests: N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
logs=$(mktemp -d /tmp/cqdt-test-logs.XXXXXX)
passed=0
failed=0
steps_failed=()

bash scripts/install-deps.sh || { echo "tests: 0 passed, 1 failed"; exit 1; }
if ! bash scripts/build.sh; then
  echo "cqdt: build failed" >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# The test clusters run without fsync (scripts/pg-cluster.sh says why): half the time of the
# PostgreSQL runs of the database tests, which were 80 % of the unit step.
export CQDT_PG_FSYNC=off
# The test cluster and the unit tests' temp files live in RAM (/dev/shm) when it is there: on this
# disk making a file or a directory costs ~0.8 ms, and each database test made hundreds of them
# (CREATE DATABASE copies ~300 files; every blob store makes its 256 fan-out directories), which
# was most of its time (the documents module's PostgreSQL tests: 105 s on disk, 40 s in RAM). The
# tests check logic and survive process kills, never a machine's; the API tests' servers keep
# their data on disk, as a site's do.
ramdir=/tmp
if [ -d /dev/shm ] && [ -w /dev/shm ]; then ramdir=/dev/shm; fi
pgdir=$(mktemp -d "$ramdir/cqdt-pg.XXXXXX")
unit_tmp=$(mktemp -d "$ramdir/cqdt-unit.XXXXXX")
cleanup() {
  bash "$root/scripts/pg-cluster.sh" stop "$pgdir" >/dev/null 2>&1 || true
  rm -rf "$unit_tmp"
}
trap cleanup EXIT
if ! CQDT_TEST_PG=$(bash scripts/pg-cluster.sh start "$pgdir" "$(free_port)"); then
  echo "cqdt: cannot start the PostgreSQL test cluster" >&2
  echo "tests: 0 passed, 1 failed"
  exit 1
fi
export CQDT_TEST_PG

# ctest: "100% tests passed, 0 tests failed out of 120"
run_ctest() {  # name dir
  local name=$1 dir=$2 log="$logs/$1.log" start=$SECONDS
  echo "== $name"
  (cd "$dir" && TMPDIR="$unit_tmp" ctest -j "$(nproc)" --output-on-failure --timeout 300) >"$log" 2>&1
  local rc=$?
  tail -n 3 "$log"
  echo "   ($((SECONDS - start)) s)"
  local line total bad
  line=$(grep -E "tests passed, [0-9]+ tests? failed out of [0-9]+" "$log" | tail -n 1)
  total=$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")
  bad=$(sed -E 's/.* ([0-9]+) tests? failed.*/\1/' <<<"$line")
  if [ -z "$line" ]; then total=1; bad=1; fi
  if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then bad=1; fi
  passed=$((passed + total - bad)); failed=$((failed + bad))
  if [ "$rc" -ne 0 ]; then steps_failed+=("$name"); grep -E "^\s+[0-9]+ - |Failed|FAILED" "$log" | head -n 40; fi
}

# The five top-level tests (a file's suites) that took longest, from the TAP log: where to look
# when a step grows.
slowest_files() {  # log
  awk '/^(not )?ok [0-9]+ - /{ name = $0; sub(/^(not )?ok [0-9]+ - /, "", name); next }
       /^  duration_ms: / && name != "" { printf "%.0f\t%s\n", $2 / 1000, substr(name, 1, 48); name = "" }' "$1" |
    sort -rn | head -n 5 | awk -F'\t' '{ printf "%s%s (%s s)", (NR > 1 ? "; " : "   slowest: "), $2, $1 } END { if (NR) print "" }'
}

# node --test (TAP): "# pass 12" / "# fail 0"
run_node() {  # name args...
  local name=$1 log="$logs/$1.log" start=$SECONDS
  shift
  echo "== $name"
  node --test --test-reporter=tap "$@" >"$log" 2>&1
  local rc=$?
  local p f
  p=$(grep -E "^# pass [0-9]+" "$log" | tail -n 1 | awk '{print $3}')
  f=$(grep -E "^# fail [0-9]+" "$log" | tail -n 1 | awk '{print $3}')
  p=${p:-0}; f=${f:-0}
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  echo "   $p passed, $f failed ($((SECONDS - start)) s)"
  slowest_files "$log"
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ]; then
    steps_failed+=("$name")
    grep -E -B2 -A25 "^not ok" "$log" | head -n 120
  fi
}

# Two test files at a time: each starts its own server (and browser) on free loopback ports, and
# one file alone leaves a core idle while it waits on the server, Chromium or a password hash.
node_jobs=--test-concurrency=2

# The sanitizer build compiles in the background from here on, at the lowest useful priority:
# the unit, API and browser tests all leave the cores idle at times (waiting on the disk, on a
# server, on Chromium, on a password hash), and it takes only that idle time. Every test waits on
# readiness signals, never on short fixed deadlines, so they pass on the busy machine too.
echo "== ASan+UBSan build (in the background, at a lower priority)"
asan_start=$SECONDS
(nice -n 19 bash scripts/build.sh --no-web --asan >"$logs/asan-build.log" 2>&1; echo $? >"$logs/asan-build.rc") &
asan_pid=$!

run_ctest "unit and database tests" build
run_node "API tests" "$node_jobs" tests/api/
run_node "browser tests" "$node_jobs" web/e2e/

echo "== bundle size (the staff sign-in's first page, and the portal home's)"
for route in login-page portal-home; do
  if node web/scripts/check-bundle-size.mjs --route "$route"; then passed=$((passed + 1)); else failed=$((failed + 1)); steps_failed+=("bundle size ($route)"); fi
done

echo "== ASan+UBSan build (waiting for it)"
wait "$asan_pid"
echo "   ($((SECONDS - asan_start)) s since it started)"
if [ "$(cat "$logs/asan-build.rc" 2>/dev/null)" = 0 ]; then
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1:halt_on_error=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  # On SQLite only: the PostgreSQL runs of the unit tests were 45% of this step, and the API
  # tests below still drive the sanitized binary on PostgreSQL (every file that has a
  # PostgreSQL variant), so the dialect's code runs under the sanitizers there.
  CQDT_TEST_PG= run_ctest "unit and database tests (ASan+UBSan)" build-asan
  # The exchange burst runs its full 1,000 packages above; 300 show the same SIGKILL recovery
  # under the sanitizers at a third of the time.
  CQDT_BURST_PACKAGES=300 CQDT_BIN="$root/build-asan/cqdt" \
    run_node "API tests (ASan+UBSan)" "$node_jobs" tests/api/
else
  tail -n 30 "$logs/asan-build.log"
  failed=$((failed + 1)); steps_failed+=("ASan build")
fi

if [ ${#steps_failed[@]} -gt 0 ]; then
  echo "cqdt: failed steps: ${steps_failed[*]} (logs in $logs)"
else
  rm -rf "$logs"  # kept only when a step failed
fi
echo "   (all steps: $SECONDS s)"
echo "tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
