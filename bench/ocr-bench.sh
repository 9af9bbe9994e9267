#!/usr/bin/env bash
# OCR benchmark (issue 11, item 4): "OCR pages/s on 2 cores". N one-page scanned documents
# (bench/ocr_corpus.cpp: A4 pages of Vietnamese administrative text made image-only PDFs at 300
# dpi) read by cqdt's own path — `cqdt-extract`, the child process the server runs per file
# (poppler renders the page at 300 dpi, Tesseract reads it with the Vietnamese model, one thread)
# — one file at a time (the server's worker) and two at a time (both cores), beside the reference:
# the `tesseract` command line on the same pages already rasterised (pdftoppm -r 300 -gray),
# OCR alone, in the same run. Pages/s wall and per CPU-second.
#   bench/ocr-bench.sh [--pages 20]
set -euo pipefail
cd "$(dirname "$0")/.."
pages=20
while [ $# -gt 0 ]; do
  case "$1" in
    --pages) pages=$2; shift 2 ;;
    *) echo "usage: $0 [--pages N]" >&2; exit 2 ;;
  esac
done
if ! command -v tesseract >/dev/null; then
  echo "ocr-bench: the reference needs the tesseract command (apt-get install tesseract-ocr)" >&2
  exit 1
fi
[ -f build/build.ninja ] || bash scripts/build.sh --no-web
cmake --build build --target cqdt cqdt-extract cqdt_ocr_corpus >/dev/null
work=$(mktemp -d /tmp/cqdt-ocr-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
./build/bench/cqdt_ocr_corpus "$work" "$pages"
for f in "$work"/scan-*.pdf; do
  pdftoppm -r 300 -gray -png -singlefile "$f" "${f%.pdf}"
done
export OMP_THREAD_LIMIT=1
child=$PWD/build/cqdt-extract

# Runs "$@" over every file with -P jobs; prints "wall_seconds cpu_seconds".
timed() {  # jobs ext command...
  local jobs=$1 ext=$2
  shift 2
  local start end
  start=$(date +%s.%N)
  local cpu
  cpu=$( { /usr/bin/time -f "%U %S" bash -c "ls \"$work\"/scan-*.$ext | xargs -P $jobs -I{} $*" >/dev/null; } 2>&1 | tail -n 1)
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" -v c="$cpu" 'BEGIN { split(c, a, " "); printf "%.3f %.3f\n", e - s, a[1] + a[2] }'
}

echo "OCR: $pages one-page scanned documents (A4, 300 dpi), load average $(cut -d' ' -f1 /proc/loadavg) before"
echo
echo "| reader | files at once | pages | s | pages/s | CPU s | pages/CPU-s | words found |"
echo "|---|---:|---:|---:|---:|---:|---:|---|"
check_words() {  # a file of text -> "yes"/"no": the words every page has
  if grep -q "QUYẾT ĐỊNH" "$1" && grep -q "An Giang" "$1"; then echo yes; else echo no; fi
}
for jobs in 1 2; do
  read -r wall cpu < <(timed "$jobs" pdf "sh -c '\"$child\" --content-type application/pdf < {} > {}.cqdt.txt'")
  ok=$(check_words "$(ls "$work"/scan-*.pdf.cqdt.txt | head -n 1)")
  awk -v w="$wall" -v c="$cpu" -v n="$pages" -v j="$jobs" -v ok="$ok" 'BEGIN {
    printf "| cqdt-extract (render + OCR, child per file) | %d | %d | %.1f | %.2f | %.1f | %.3f | %s |\n", j, n, w, n / w, c, n / c, ok }'
  read -r wall cpu < <(timed "$jobs" png "sh -c 'tesseract {} {}.ref -l vie >/dev/null 2>&1'")
  ok=$(check_words "$(ls "$work"/scan-*.png.ref.txt | head -n 1)")
  awk -v w="$wall" -v c="$cpu" -v n="$pages" -v j="$jobs" -v ok="$ok" 'BEGIN {
    printf "| reference: tesseract CLI (OCR of the PNG alone) | %d | %d | %.1f | %.2f | %.1f | %.3f | %s |\n", j, n, w, n / w, c, n / c, ok }'
done
echo
echo "load average after: $(cut -d' ' -f1 /proc/loadavg)"
