#!/usr/bin/env bash
# Text extraction child benchmark: what one file's child process costs the server. Each file
# uploaded to a document is read in a child process of its own (extract/extract.hpp); for a
# text PDF nearly all of that child's time is its start (loading libraries), not the reading.
# Reads one text PDF (tests/api/testdata/outgoing-draft.pdf, one page) N times, one process per
# file, one after another, with:
#   - cqdt-extract: the small child program the server runs (built beside cqdt);
#   - cqdt __extract: cqdt's own hidden command, the child before cqdt-extract (loads all ~100
#     of cqdt's libraries), still the fallback where cqdt-extract is not installed;
#   - reference: pdftotext (poppler-utils), poppler's own command line on the same file.
# Prints files/s and CPU milliseconds a file (the children's user + system time).
#   bench/extract-bench.sh [--files 300] [--cqdt build/cqdt]
set -euo pipefail
cd "$(dirname "$0")/.."
files=300 cqdt=${CQDT_BIN:-build/cqdt}
while [ $# -gt 0 ]; do
  case "$1" in
    --files) files=$2; shift 2 ;;
    --cqdt) cqdt=$2; shift 2 ;;
    *) echo "usage: $0 [--files N] [--cqdt BINARY]" >&2; exit 2 ;;
  esac
done
if ! command -v pdftotext >/dev/null; then
  echo "extract-bench: the reference needs pdftotext (apt-get install poppler-utils)" >&2
  exit 1
fi
if [ "$cqdt" = build/cqdt ]; then
  [ -f build/build.ninja ] || bash scripts/build.sh --no-web
  cmake --build build --target cqdt cqdt-extract >/dev/null
fi
cqdt=$(realpath "$cqdt")
helper=$(dirname "$cqdt")/cqdt-extract
[ -x "$helper" ] || { echo "extract-bench: no cqdt-extract beside $cqdt" >&2; exit 1; }
pdf=$PWD/tests/api/testdata/outgoing-draft.pdf
work=$(mktemp -d /tmp/cqdt-extract-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# Runs the command line $2 (reading "$pdf" on stdin, writing "$work/$1.txt") $files times in one
# shell; prints "wall_seconds cpu_seconds".
timed() {
  local name=$1 command=$2 start end cpu
  start=$(date +%s.%N)
  cpu=$( { /usr/bin/time -f "%U %S" bash -c \
    "for i in \$(seq $files); do $command < '$pdf' > '$work/$name.txt'; done"; } 2>&1 | tail -n 1)
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v c="$cpu" 'BEGIN { split(c, a, " "); printf "%.3f %.3f\n", e - s, a[1] + a[2] }'
}
row() {  # label name command
  local wall cpu found=no
  read -r wall cpu < <(timed "$2" "$3")
  grep -q "SỞ NỘI VỤ TỈNH AN GIANG" "$work/$2.txt" && found=yes
  awk -v l="$1" -v w="$wall" -v c="$cpu" -v n="$files" -v ok="$found" 'BEGIN {
    printf "| %s | %d | %.1f | %.0f | %.1f | %s |\n", l, n, w, n / w, 1000 * c / n, ok }'
}

echo "Text extraction child, one process per file: $files runs on a one-page text PDF" \
  "($(stat -c %s "$pdf") bytes), load average $(cut -d' ' -f1 /proc/loadavg) before"
echo
echo "| reader | files | s | files/s | CPU ms a file | text found |"
echo "|---|---:|---:|---:|---:|---|"
row "cqdt-extract (the server's child)" helper \
  "'$helper' --ocr-max-pages 0 --content-type application/pdf"
row "cqdt __extract (the fallback, the child before)" self \
  "'$cqdt' __extract --ocr-max-pages 0 --content-type application/pdf"
row "reference: pdftotext (poppler-utils)" reference "pdftotext -q - -"
