#!/usr/bin/env bash
# Builds every libFuzzer target of tests/fuzz/CMakeLists.txt (issue 16 item 5) and runs each for a
# time budget, one after the other, then prints a table: executions, executions per second, the
# coverage gained over the seeds, and the result. Not part of scripts/test.sh (a clang build of
# the parsers takes ~10 minutes on 2 cores); see tests/fuzz/README.md.
#
#   bash tests/fuzz/run-all.sh [seconds-per-target [target...]]   # default 30 s, every target
#   bash tests/fuzz/run-all.sh 120 mime codes                      # two targets, 2 minutes each
#   FUZZ_DIR=/tmp/fz bash tests/fuzz/run-all.sh                    # another build/output directory
#   FUZZ_RUNS=10000000 FUZZ_JOBS=2 bash tests/fuzz/run-all.sh 7200   # the campaign: each target
#       stops after 10 million executions (or 2 hours), two targets at a time (one per core)
#   FUZZ_NICE (default 10) and FUZZ_TIMEOUT (libFuzzer's -timeout, default 10 s): beside other
#       work, FUZZ_NICE=19 FUZZ_TIMEOUT=120 -- libFuzzer times a unit by the wall clock, so a
#       fuzzer the scheduler starves (a build at normal priority on both cores) reports a false
#       timeout (see tests/fuzz/README.md).
#
# Needs clang-16 and libFuzzer (Debian: clang-16, libfuzzer-16-dev, libclang-rt-16-dev). Outputs go
# to ${FUZZ_DIR:-build-fuzz-all}: the binaries, each target's growing corpus in corpus/<target>,
# its log in logs/<target>.log, and crash-/timeout-/oom-/leak- files in artifacts/<target>/ (replay
# one: build-fuzz-all/<target>_fuzzer <file>). Exits non-zero when any target found something.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_PER_TARGET="${1:-30}"
shift || true
OUT="${FUZZ_DIR:-$REPO/build-fuzz-all}"
CXX="${CXX:-clang++-16}"

cmake -S "$REPO/tests/fuzz" -B "$OUT" -G Ninja -DCMAKE_CXX_COMPILER="$CXX" >/dev/null
nice -n 10 cmake --build "$OUT" -j "${FUZZ_BUILD_JOBS:-2}"

TARGETS=("$@")
if [[ ${#TARGETS[@]} -eq 0 ]]; then
  mapfile -t TARGETS <"$OUT/fuzzers.txt"
fi

# Seeds: the committed corpus of each target, plus the test files the repository already has for
# its format (read in place).
seeds_of() {
  local t="$1"
  local dirs=()
  [[ -d "$REPO/tests/fuzz/corpus/$t" ]] && dirs+=("$REPO/tests/fuzz/corpus/$t")
  case "$t" in
    edxml) dirs+=("$REPO/tests/edxml/accept" "$REPO/tests/edxml/refuse" "$REPO/tests/fuzz/edxml-regressions") ;;
    verify) dirs+=("$REPO/src/pdf/testdata/hostile" "$REPO/src/xml/testdata") ;;
    pdf_signatures) dirs+=("$REPO/src/pdf/testdata/hostile") ;;
    mime) dirs+=("$REPO/src/mail/testdata/parse") ;;
    agency_csv) dirs+=("$REPO/src/org/testdata") ;;
  esac
  [[ -d "$REPO/tests/fuzz/$t-regressions" && "$t" != edxml ]] && dirs+=("$REPO/tests/fuzz/$t-regressions")
  printf '%s\n' "${dirs[@]}"
}

# Per target: a dictionary where one helps, and the largest input worth trying (a real upload is
# larger, but every branch of these readers is reachable within the bound, and small inputs run
# faster).
dict_of() {
  case "$1" in
    edxml) echo "$REPO/tests/fuzz/edxml.dict" ;;
    verify | pdf_signatures) echo "$REPO/tests/fuzz/pdf.dict" ;;
    *) [[ -f "$REPO/tests/fuzz/$1.dict" ]] && echo "$REPO/tests/fuzz/$1.dict" ;;
  esac
  return 0
}
max_len_of() {
  case "$1" in
    codes) echo 256 ;;
    verify) echo 262144 ;;
    edxml | document_import | mime | pdf_signatures) echo 65536 ;;
    *) echo 16384 ;;
  esac
}

# Stacks with function names and lines (Debian's llvm-16 ships no llvm-symbolizer-16; the
# unversioned one reads clang-16's debug information).
SYMBOLIZER="$(command -v llvm-symbolizer-16 || command -v llvm-symbolizer || true)"
SYM="${SYMBOLIZER:+external_symbolizer_path=$SYMBOLIZER}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-$SYM}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:$SYM}"
mkdir -p "$OUT/logs" "$OUT/rows"
# One target: runs it, then writes its table row to rows/<target> (and rows/<target>.failed when
# it found something), so that targets can run side by side.
run_target() {
  local t="$1" seeds dict args result log execs rate inited final gained c0 f0 c1 f1 found
  mkdir -p "$OUT/corpus/$t" "$OUT/artifacts/$t"
  mapfile -t seeds < <(seeds_of "$t")
  dict="$(dict_of "$t")"
  args=(-max_total_time="$SECONDS_PER_TARGET" -rss_limit_mb=2048 -timeout="${FUZZ_TIMEOUT:-10}"
    -max_len="$(max_len_of "$t")" -artifact_prefix="$OUT/artifacts/$t/" -print_final_stats=1)
  [[ -n "$dict" ]] && args+=(-dict="$dict")
  [[ -n "${FUZZ_RUNS:-}" ]] && args+=(-runs="$FUZZ_RUNS")
  echo "fuzz $t for ${SECONDS_PER_TARGET}s${FUZZ_RUNS:+ or $FUZZ_RUNS runs} ($(date -u +%H:%M) UTC)" >&2
  result=ok
  (cd "$OUT" && nice -n "${FUZZ_NICE:-10}" "./${t}_fuzzer" "${args[@]}" "corpus/$t" "${seeds[@]}") \
    >"$OUT/logs/$t.log" 2>&1 || result=failed
  log="$OUT/logs/$t.log"
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)"
  # libFuzzer's status lines: "#4<TAB>INITED cov: 331 ft: 516 ...", then NEW/REDUCE/DONE.
  inited="$(grep -m1 -E 'INITED.* cov: ' "$log" | sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/\1 \2/p')"
  final="$(grep -E '(NEW|REDUCE|DONE).* cov: ' "$log" | tail -1 | sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/\1 \2/p')"
  gained="-"
  if [[ -n "$inited" && -n "$final" ]]; then
    read -r c0 f0 <<<"$inited"
    read -r c1 f1 <<<"$final"
    gained="+$((c1 - c0)) edges (+$((f1 - f0)) features), $c1 total"
  fi
  if [[ "$result" != ok ]] && grep -q 'libFuzzer: run interrupted' "$log" &&
    ! grep -q -E '^(==[0-9]+== ?ERROR|SUMMARY): ' "$log"; then
    result="stopped (SIGINT), nothing found"
  elif [[ "$result" != ok ]]; then
    found="$(ls "$OUT/artifacts/$t" 2>/dev/null | head -1)"
    result="FOUND ${found:-(see log)}"
    : >"$OUT/rows/$t.failed"
  fi
  printf '%-16s %12s %9s  %-40s %s\n' "$t" "${execs:--}" "${rate:--}" "$gained" "$result" >"$OUT/rows/$t"
}

JOBS="${FUZZ_JOBS:-1}"
for t in "${TARGETS[@]}"; do
  rm -f "$OUT/rows/$t" "$OUT/rows/$t.failed"
  while [[ "$(jobs -rp | wc -l)" -ge "$JOBS" ]]; do wait -n || true; done
  run_target "$t" &
done
wait || true

FAILED=0
printf '\n%-16s %12s %9s  %-40s %s\n' harness executions exec/s "new coverage" result
for t in "${TARGETS[@]}"; do
  cat "$OUT/rows/$t" 2>/dev/null || printf '%-16s did not report (see logs/%s.log)\n' "$t" "$t"
  [[ -f "$OUT/rows/$t" && ! -f "$OUT/rows/$t.failed" ]] || FAILED=1
done
exit "$FAILED"
