#!/usr/bin/env bash
# Exchange benchmark (issue 14): "signed 100 KB packages sent from instance A through its hub to
# instance B (B verifies, stores, puts them in its reception queue, STATUS 01 back to A), durable
# on both sides: packages/s end to end, next to RabbitMQ's persistent publish + consume rate for
# the same bytes on this machine in the same run". Targets: >= 1,000 packages/s and >= 0.5x
# RabbitMQ. The national axis's own figure (about 110 packages/s on 64 cores) is quoted from the
# issue, not measured.
#
#   bench/exchange-throughput.sh [--count 1000] [--size 102400] [--senders 8] [--warmup 50]
#       [--rabbit-count 5000] [--rabbit-rounds 3] [--no-rabbitmq] [--cqdt BINARY]
#
# 1. bench/exchange-throughput.mjs: two `cqdt serve` processes (A and B) with demo data and PKI,
#    federated; a member system on A sends --count distinct packages of about --size bytes, each
#    signed beforehand with A's demo seal, from --senders connections; the clock runs from the
#    first send to the moment A holds the last STATUS 01 from B.
# 2. bench/rabbitmq-reference.sh on the same machine, after cqdt has stopped: persistent messages
#    of the same size (the mean size of the signed packages) through a durable classic queue and
#    a one-member quorum queue, publisher confirms, manual acks; the median of --rabbit-rounds.
# Data of both goes under $TMPDIR (default /tmp): the figures are bound by the disk's fsyncs.
# Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
count=1000 size=102400 senders=8 warmup=50 rabbit_count=5000 rabbit_rounds=3 rabbit=1
cqdt=${CQDT_BIN:-build/cqdt}
usage="usage: $0 [--count 1000] [--size 102400] [--senders 8] [--warmup 50] \
[--rabbit-count 5000] [--rabbit-rounds 3] [--no-rabbitmq] [--cqdt BINARY]"
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --senders) senders=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --rabbit-count) rabbit_count=$2; shift 2 ;;
    --rabbit-rounds) rabbit_rounds=$2; shift 2 ;;
    --no-rabbitmq) rabbit=0; shift ;;
    --cqdt) cqdt=$2; shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
for n in "$count" "$size" "$senders" "$warmup" "$rabbit_count" "$rabbit_rounds"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "$usage" >&2; exit 2; }
done
[ -x "$cqdt" ] || { echo "no cqdt binary at $cqdt (build it, or pass --cqdt / CQDT_BIN)" >&2; exit 1; }
export CQDT_BIN
CQDT_BIN=$(realpath "$cqdt")

work=$(mktemp -d "${TMPDIR:-/tmp}/cqdt-exchange-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
fs=$(df -PT "${TMPDIR:-/tmp}" | awk 'NR == 2 { print $2 " (" $7 ")" }')

echo "== cqdt: $count packages of about $size bytes, A -> B, $senders senders (after $warmup unmeasured)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
node bench/exchange-throughput.mjs --count "$count" --size "$size" --senders "$senders" \
  --warmup "$warmup" | tee "$work/cqdt.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
val() { sed -n "s/^$1=//p" "$2" | tail -n 1; }
c_rate=$(val CQDT_RATE "$work/cqdt.txt")
c_secs=$(val CQDT_SECONDS "$work/cqdt.txt")
c_bytes=$(val CQDT_BYTES "$work/cqdt.txt")
c_accept=$(val CQDT_ACCEPT_RATE "$work/cqdt.txt")
c_arrive=$(val CQDT_ARRIVE_SECONDS "$work/cqdt.txt")
c_cpu_a=$(val CQDT_CPU_MS_A "$work/cqdt.txt")
c_cpu_b=$(val CQDT_CPU_MS_B "$work/cqdt.txt")

r_rate="" q_rate=""
if [ "$rabbit" = 1 ]; then
  echo "== RabbitMQ: $rabbit_count messages of $c_bytes bytes, $rabbit_rounds rounds per queue type"
  bash bench/rabbitmq-reference.sh --count "$rabbit_count" --size "$c_bytes" \
    --rounds "$rabbit_rounds" | tee "$work/rabbit.txt"
  r_rate=$(val RABBITMQ_RATE "$work/rabbit.txt")
  q_rate=$(val RABBITMQ_QUORUM_RATE "$work/rabbit.txt")
fi

mb() { awk -v r="$1" -v b="$2" 'BEGIN { printf "%.1f", r * b / 1048576 }'; }
ratio() { [ -n "$2" ] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }' || echo "-"; }
printf '\n%s cores, data on %s; cqdt %s; load average before cqdt: %s, after: %s.\n' \
  "$(nproc)" "$fs" "$(git rev-parse --short HEAD 2>/dev/null || echo ?)" \
  "$load_before" "$load_after"
printf 'cqdt: end to end = first send at A to the last STATUS 01 back at A; every package verified\n'
printf '(XML-DSig) and stored durably by A and by B, forwarded in a signed request, put in B'"'"'s reception.\n\n'
printf '| system | packages | bytes each | packages/s | MB/s | ratio cqdt / this |\n'
printf '|---|---|---|---|---|---|\n'
printf '| cqdt A -> B, end to end (%s senders; %s s; all at B after %s s) | %s | %s | %s | %s | - |\n' \
  "$senders" "$c_secs" "$c_arrive" "$count" "$c_bytes" "$c_rate" "$(mb "$c_rate" "$c_bytes")"
printf '| cqdt A accepting from the member (signature checked, stored) | %s | %s | %s | %s | - |\n' \
  "$count" "$c_bytes" "$c_accept" "$(mb "$c_accept" "$c_bytes")"
if [ -n "$r_rate" ]; then
  printf '| RabbitMQ durable classic queue (persistent, confirms, acks) | %s | %s | %s | %s | %s |\n' \
    "$rabbit_count" "$c_bytes" "$r_rate" "$(mb "$r_rate" "$c_bytes")" "$(ratio "$c_rate" "$r_rate")"
fi
if [ -n "$q_rate" ]; then
  printf '| RabbitMQ quorum queue, 1 member (fsync before confirm) | %s | %s | %s | %s | %s |\n' \
    "$rabbit_count" "$c_bytes" "$q_rate" "$(mb "$q_rate" "$c_bytes")" "$(ratio "$c_rate" "$q_rate")"
fi
printf '| national axis (issue 14: ~110 packages/s on 64 cores; quoted, not measured) | - | - | ~110 | - | %s |\n' \
  "$(ratio "$c_rate" 110)"
printf '\nCPU per package: A %s ms, B %s ms (both processes share the %s cores with the sender).\n' \
  "$c_cpu_a" "$c_cpu_b" "$(nproc)"
meets() { awk -v a="$1" -v b="$2" 'BEGIN { print (a >= b ? "met" : "not met") }'; }
printf 'Targets: >= 1,000 packages/s end to end: %s (%s/s).' "$(meets "$c_rate" 1000)" "$c_rate"
if [ -n "$r_rate" ]; then
  printf ' >= 0.5x RabbitMQ (classic): %s (%sx).' \
    "$(meets "$(ratio "$c_rate" "$r_rate")" 0.5)" "$(ratio "$c_rate" "$r_rate")"
fi
printf '\n'
