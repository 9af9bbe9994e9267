#!/usr/bin/env bash
# Signing benchmark: cqdt's signatures and verifications per second (bench/signing_bench.cpp,
# Google Benchmark) beside the ceiling `openssl speed` gives for the same key type in the same run.
# Prints one table: operation, key, cqdt ops/s, openssl speed ops/s (sign/s for signing rows,
# verify/s for verification rows), the ratio, the ratio to the in-run raw EVP rate, and the target
# (PDF 1-page RSA-2048 signing at >= 0.50 of openssl speed's rsa2048 sign/s).
#   bench/signing-bench.sh [--build-dir build-bench] [--seconds 3] [--repetitions 3]
# Rates are per CPU second (Google Benchmark's cpu_time; `openssl speed` divides by user CPU time
# too), so they hold up better than wall time on a shared machine; the load average is printed
# with the table anyway. Raw outputs go to bench/results/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=build-bench seconds=3 repetitions=3
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --repetitions) repetitions=$2; shift 2 ;;
    *) echo "usage: $0 [--build-dir build-bench] [--seconds 3] [--repetitions 3]" >&2; exit 2 ;;
  esac
done

# --- build (configure once; ninja is a no-op when up to date) ---
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCQDT_BUILD_BENCH=ON \
    -DCQDT_BUILD_TESTS=OFF >/dev/null
fi
cmake --build "$build_dir" --target cqdt_signing_bench >/dev/null
bench_bin="$build_dir/bench/cqdt_signing_bench"

mkdir -p bench/results
stamp=$(date +%Y%m%d-%H%M%S)
speed_out="bench/results/signing-$stamp-openssl-speed.txt"
gbench_out="bench/results/signing-$stamp-gbench.json"
gbench_console="bench/results/signing-$stamp-gbench.txt"
table_out="bench/results/signing-$stamp-table.md"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the ceiling: openssl speed (sign/s and verify/s columns) ---
echo "openssl speed -seconds $seconds rsa2048 ecdsap256 ..." >&2
openssl speed -seconds "$seconds" rsa2048 ecdsap256 >"$speed_out" 2>&1
read -r rsa_sign rsa_verify <<<"$(awk '/^rsa 2048 bits/ {print $(NF-1), $NF}' "$speed_out")"
read -r ec_sign ec_verify <<<"$(awk '/ecdsa \(nistp256\)/ {print $(NF-1), $NF}' "$speed_out")"
if [ -z "$rsa_sign" ] || [ -z "$ec_sign" ]; then
  echo "cannot parse $speed_out" >&2
  exit 1
fi

# --- cqdt (Google Benchmark's console table and its JSON both go to results) ---
echo "$bench_bin, $repetitions repetitions ..." >&2
"$bench_bin" --benchmark_repetitions="$repetitions" --benchmark_report_aggregates_only=true \
  --benchmark_out="$gbench_out" --benchmark_out_format=json >"$gbench_console" 2>&1 ||
  { cat "$gbench_console" >&2; exit 1; }
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- one table ---
node - "$gbench_out" "$rsa_sign" "$rsa_verify" "$ec_sign" "$ec_verify" \
  "$load_before" "$load_after" "$seconds" "$repetitions" <<'NODE' | tee "$table_out"
const fs = require('fs');
const [file, rsaSign, rsaVerify, ecSign, ecVerify, loadBefore, loadAfter, seconds, reps] =
  process.argv.slice(2);
const report = JSON.parse(fs.readFileSync(file, 'utf8'));
const toSeconds = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1 };
// run_name -> ops per CPU second (the median when repeated, else the single run).
const rate = {}, errors = {};
for (const b of report.benchmarks) {
  const name = b.run_name || b.name;
  if (b.error_occurred) { errors[name] = b.error_message; continue; }
  const isMedian = b.run_type === 'aggregate' && b.aggregate_name === 'median';
  if (isMedian || (b.run_type !== 'aggregate' && !(name in rate))) {
    rate[name] = 1 / (b.cpu_time * toSeconds[b.time_unit]);
  }
}
const keys = [
  { id: 'rsa2048', label: 'RSA-2048', sign: +rsaSign, verify: +rsaVerify },
  { id: 'ecdsap256', label: 'ECDSA P-256', sign: +ecSign, verify: +ecVerify },
];
const rows = [
  ['raw EVP_DigestSign, 32 B (in-run ceiling)', 'BM_RawSign/raw_sign', 'sign'],
  ['PDF sign, 1 page, invisible', 'BM_SignPdf/pdf_1page', 'sign', 'target'],
  ['PDF sign, 1 page, visible seal (PNG)', 'BM_SignPdf/pdf_1page_seal', 'sign'],
  ['PDF sign, 50 pages, invisible', 'BM_SignPdf/pdf_50pages', 'sign'],
  ['XML sign, edXML ~5 KB', 'BM_SignXml/xml_edxml', 'sign'],
  ['CMS sign, 1 KB', 'BM_SignCms/cms_1kb', 'sign'],
  ['CMS sign, 1 MB', 'BM_SignCms/cms_1mb', 'sign'],
  ['raw EVP_DigestVerify, 32 B (in-run ceiling)', 'BM_RawVerify/raw_verify', 'verify'],
  ['verify PDF, 1 page (path + CRL)', 'BM_Verify/verify_pdf_1page', 'verify'],
  ['verify XML, edXML (path + CRL)', 'BM_Verify/verify_xml_edxml', 'verify'],
  ['verify CMS, 1 KB (path + CRL)', 'BM_Verify/verify_cms_1kb', 'verify'],
];
const fmt = (x) => (x >= 100 ? Math.round(x).toString() : x.toFixed(1));
const fmtRatio = (x) => x.toFixed(x >= 0.1 ? 2 : 3);
const out = [];
out.push(`\nload average ${loadBefore} (before), ${loadAfter} (after); ` +
         `openssl speed -seconds ${seconds}; Google Benchmark median of ${reps}; ops per CPU second\n`);
out.push('| operation | key | cqdt ops/s | openssl speed ops/s | ratio | vs in-run EVP | target |');
out.push('|---|---|---|---|---|---|---|');
for (const [label, prefix, kind, target] of rows) {
  for (const k of keys) {
    const name = `${prefix}_${k.id}`;
    const ceiling = k[kind];
    const evp = rate[`${kind === 'sign' ? 'BM_RawSign/raw_sign' : 'BM_RawVerify/raw_verify'}_${k.id}`];
    let cqdt = '', ratio = '', vsEvp = '', verdict = '';
    if (name in rate) {
      cqdt = fmt(rate[name]);
      ratio = fmtRatio(rate[name] / ceiling);
      vsEvp = evp ? fmtRatio(rate[name] / evp) : '';
    } else {
      cqdt = `error: ${errors[name] || 'not run'}`;
    }
    if (target && k.id === 'rsa2048') {
      verdict = `>= 0.50: ${name in rate && rate[name] / ceiling >= 0.5 ? 'PASS' : 'FAIL'}`;
    }
    out.push(`| ${label} | ${k.label} | ${cqdt} | ${fmt(ceiling)} (${kind}/s) | ${ratio} | ` +
             `${vsEvp} | ${verdict} |`);
  }
}
console.log(out.join('\n'));
NODE
printf '\nraw outputs: %s, %s, %s\n' "$speed_out" "$gbench_console" "$gbench_out"
