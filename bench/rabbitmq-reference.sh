#!/usr/bin/env bash
# The reference half of the exchange benchmark (issue 14): "Signed 100 KB packages sent from
# instance A through its hub to instance B, durable on both sides: packages/s end to end, next to
# RabbitMQ's persistent publish + consume rate for the same bytes on this machine in the same run
# (Debian rabbitmq-server, publisher confirms, started and stopped by the bench script)". This
# script measures the RabbitMQ side; the cqdt side is meant to join it in the same run.
#
#   bench/rabbitmq-reference.sh [--count 5000] [--size 102400] [--rounds 3] [--warmup 200]
#       [--in-flight 256] [--prefetch 256] [--queue-types "classic quorum"] [--dir DIR]
#
# How:
# - Installs Debian's rabbitmq-server when it is missing (apt-get; through sudo when not root)
#   and stops and disables the system service that the package's postinst may start: only the
#   private node below runs. Installs amqplib 0.10 for the load client with npm into
#   ${XDG_CACHE_HOME:-~/.cache}/cqdt-bench/amqplib (outside the checkout: the repository gets
#   no dependency for it).
# - Starts a private node as the calling user, in a temporary directory under --dir (default
#   $TMPDIR or /tmp): its own Mnesia, log, config, cookie and plugin list (none: no management),
#   AMQP, epmd and Erlang distribution on free loopback ports, a unique node name. The figures
#   are bound by the disk, so put --dir on the file system cqdt's data goes to. The node, its
#   epmd and the directory are gone when the script exits, however it exits.
# - bench/rabbitmq-load.mjs publishes --count persistent messages (delivery mode 2) of --size
#   bytes (100 KB = 102,400 bytes) to a durable queue through a confirm channel, at most
#   --in-flight unconfirmed, while a consumer on its own connection acks each message by hand
#   (prefetch --prefetch). The clock runs from the first publish until every message is both
#   confirmed and acked. --warmup messages go through first, unmeasured; then --rounds rounds
#   per queue type, and the table shows the median round and the broker's CPU time per message.
#
# The two queue types differ in what a confirm promises:
# - classic (a durable classic queue, the 3.10 default): RabbitMQ confirms a persistent message
#   once its message store has synced it to disk *or* once it has been delivered and acked,
#   whichever comes first: with a consumer that keeps up, a confirm need not wait for an fsync.
# - quorum (a Raft log, one member here): a message is confirmed only after its write-ahead log
#   entry is fsynced, whether or not a consumer already has it.
# The last column is what the broker wrote to disk (write_bytes of /proc/PID/io) over the bytes
# published: about 0.9 for the classic queue and 1.6 to 1.8 for the quorum queue (its log, then
# its segment files) on this machine, so both write (nearly) every message; only the quorum
# queue's confirm promises it was synced first.
# For the combined script the last lines are RABBITMQ_RATE=<classic messages/s> and
# RABBITMQ_QUORUM_RATE=<quorum messages/s> (each only when that type ran). MB/s is MiB/s.
# The load client shares the machine's cores with the broker, as cqdt's own client will.
set -euo pipefail
count=5000 size=102400 rounds=3 warmup=200 in_flight=256 prefetch=256
queue_types="classic quorum" base=${TMPDIR:-/tmp}
usage="usage: $0 [--count 5000] [--size 102400] [--rounds 3] [--warmup 200] [--in-flight 256] \
[--prefetch 256] [--queue-types \"classic quorum\"] [--dir DIR]"
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --in-flight) in_flight=$2; shift 2 ;;
    --prefetch) prefetch=$2; shift 2 ;;
    --queue-types) queue_types=$2; shift 2 ;;
    --dir) base=$2; shift 2 ;;
    *) echo "$usage" >&2; exit 2 ;;
  esac
done
for n in "$count" "$size" "$rounds" "$in_flight" "$prefetch" "$warmup"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "$usage" >&2; exit 2; }
done
base=$(realpath -m "$base")  # relative to where the script was called from
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = 0 ]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "need root or sudo for: $*" >&2
    return 1
  fi
}

# --- Debian's rabbitmq-server, without its system service ---
rabbit_bin=/usr/lib/rabbitmq/bin  # the scripts themselves; /usr/sbin's wrappers su to rabbitmq
if [ ! -x "$rabbit_bin/rabbitmq-server" ] || [ ! -x "$rabbit_bin/rabbitmqctl" ]; then
  epmd_before=0
  command -v epmd >/dev/null && epmd -names >/dev/null 2>&1 && epmd_before=1
  echo "Installing rabbitmq-server (apt-get)..."
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    rabbitmq-server >/dev/null
  # The postinst enables the service and starts it unless policy-rc.d forbids it (containers
  # usually do; a desktop or VM does not). This bench runs its own node: stop and disable it.
  if [ -d /run/systemd/system ]; then
    as_root systemctl disable --now rabbitmq-server >/dev/null 2>&1 || true
  elif [ -x /etc/init.d/rabbitmq-server ]; then
    as_root service rabbitmq-server stop >/dev/null 2>&1 || true
    as_root update-rc.d rabbitmq-server disable >/dev/null 2>&1 || true
  fi
  # Its node left the default epmd (port 4369) behind; no epmd ran before the install, so that
  # one is the service's. epmd refuses -kill while any node is still registered with it.
  if [ "$epmd_before" = 0 ] && epmd -names >/dev/null 2>&1; then
    as_root epmd -kill >/dev/null 2>&1 || true
  fi
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then bash scripts/install-deps.sh; fi

# --- amqplib for the load client, outside the repository ---
export CQDT_AMQPLIB_DIR=${CQDT_AMQPLIB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cqdt-bench/amqplib}
if ! node -e "process.exit(require(process.argv[1]).version.startsWith('0.10.') ? 0 : 1)" \
  "$CQDT_AMQPLIB_DIR/node_modules/amqplib/package.json" 2>/dev/null; then
  echo "Installing amqplib 0.10 into $CQDT_AMQPLIB_DIR (npm)..."
  mkdir -p "$CQDT_AMQPLIB_DIR"
  npm install --prefix "$CQDT_AMQPLIB_DIR" --no-audit --no-fund --loglevel=error \
    amqplib@0.10 >/dev/null
fi

# --- a private node on loopback ---
mkdir -p "$base"
work=$(mktemp -d "$base/cqdt-rabbit-bench.XXXXXX")
server_pid="" epmd_port="" node_name="cqdtbench-$$@localhost"
epmd_pid() {  # the process listening on our epmd port, if any
  ss -ltnpH "sport = :$epmd_port" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1
}
cleanup() {
  set +e
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    # The wrapper script stops the node properly on TERM (as under Docker) and exits after it.
    # (rabbitmqctl stop would do the same, but hangs when a Ctrl-C has already begun the stop.)
    kill -TERM "$server_pid" 2>/dev/null
    for _ in $(seq 1 300); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$server_pid" 2>/dev/null; then
      [ -s "$RABBITMQ_PID_FILE" ] && kill -KILL "$(cat "$RABBITMQ_PID_FILE")" 2>/dev/null
      kill -KILL "$server_pid" 2>/dev/null
    fi
    wait "$server_pid" 2>/dev/null
  fi
  if [ -n "$epmd_port" ]; then
    ERL_EPMD_PORT=$epmd_port epmd -kill >/dev/null 2>&1
    for _ in $(seq 1 50); do [ -z "$(epmd_pid)" ] && break; sleep 0.1; done
    pid=$(epmd_pid)
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Three distinct free loopback ports: AMQP, epmd, Erlang distribution.
read -r amqp_port epmd_port dist_port < <(node -e "
  const net = require('net');
  const servers = [0, 1, 2].map(() => net.createServer());
  let ready = 0;
  for (const s of servers) s.listen(0, '127.0.0.1', () => {
    if (++ready < 3) return;
    console.log(servers.map((x) => x.address().port).join(' '));
    for (const x of servers) x.close();
  });")
mkdir -p "$work/home" "$work/mnesia" "$work/log"
cat >"$work/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$amqp_port
loopback_users.guest = true
log.console = false
log.file.level = warning
CONF
echo '[].' >"$work/enabled_plugins"
: >"$work/rabbitmq-env.conf"  # instead of /etc/rabbitmq/rabbitmq-env.conf
export HOME_FOR_RABBIT="$work/home"
export RABBITMQ_NODENAME=$node_name RABBITMQ_MNESIA_BASE=$work/mnesia RABBITMQ_LOG_BASE=$work/log \
  RABBITMQ_CONFIG_FILE=$work/rabbitmq.conf RABBITMQ_ADVANCED_CONFIG_FILE=$work/advanced.config \
  RABBITMQ_ENABLED_PLUGINS_FILE=$work/enabled_plugins RABBITMQ_CONF_ENV_FILE=$work/rabbitmq-env.conf \
  RABBITMQ_PID_FILE=$work/rabbit.pid RABBITMQ_DIST_PORT=$dist_port \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
  ERL_EPMD_PORT=$epmd_port ERL_EPMD_ADDRESS=127.0.0.1
rmq() {  # a rabbitmq tool with the node's cookie (in $work/home, not the caller's home)
  HOME=$HOME_FOR_RABBIT "$rabbit_bin/$1" "${@:2}"
}
(cd "$work" && HOME=$HOME_FOR_RABBIT exec "$rabbit_bin/rabbitmq-server") >"$work/server.out" 2>&1 &
server_pid=$!
deadline=$(( $(date +%s) + 300 ))
until rmq rabbitmqctl -n "$node_name" -q await_startup --timeout 60 >/dev/null 2>&1; do
  if ! kill -0 "$server_pid" 2>/dev/null || [ "$(date +%s)" -gt "$deadline" ]; then
    echo "RabbitMQ did not start:" >&2
    cat "$work/server.out" "$work"/log/*.log >&2 2>/dev/null || true
    exit 1
  fi
  sleep 1
done
beam_pid=$(cat "$RABBITMQ_PID_FILE")
version=$(rmq rabbitmq-diagnostics -n "$node_name" -q server_version)
erlang=$(rmq rabbitmq-diagnostics -n "$node_name" -q erlang_version | sed 's/^Erlang\/OTP \([0-9.]*\).*/\1/')
fs=$(df -PT "$work" | awk 'NR == 2 { print $2 " (" $7 ")" }')

# --- the load ---
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
node bench/rabbitmq-load.mjs --url "amqp://guest:guest@127.0.0.1:$amqp_port" --count "$count" \
  --size "$size" --rounds "$rounds" --warmup "$warmup" --in-flight "$in_flight" \
  --prefetch "$prefetch" --queue-types "$queue_types" --broker-pid "$beam_pid" \
  --clk-tck "$(getconf CLK_TCK)" >"$work/results.txt"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

median() { sort -g | awk '{ v[NR] = $0 } END { print v[int((NR + 1) / 2)] }'; }
size_label=$(awk -v s="$size" 'BEGIN { if (s % 1024 == 0) printf "%d KB", s / 1024; else printf "%d bytes", s }')
printf '\nRabbitMQ %s (Erlang/OTP %s), one node on loopback, data on %s; %s rounds of %s messages\n' \
  "$version" "$erlang" "$fs" "$rounds" "$count"
printf 'after %s unmeasured; at most %s unconfirmed, prefetch %s; median round; %s cores, shared\n' \
  "$warmup" "$in_flight" "$prefetch" "$(nproc)"
printf 'with the load client. Load average before: %s; after: %s.\n\n' "$load_before" "$load_after"
printf '| system | messages | size | seconds | messages/s | MB/s | broker CPU ms/message | broker disk writes / payload |\n'
printf '|---|---|---|---|---|---|---|---|\n'
rates=()
for type in $queue_types; do
  secs=$(awk -v t="$type" '$1 == "result" && $2 == t { print $6 }' "$work/results.txt" | median)
  line=$(awk -v t="$type" -v s="$secs" '$1 == "result" && $2 == t && $6 == s { print; exit }' \
    "$work/results.txt")
  read -r _ _ _ msgs bytes secs cpu written <<<"$line"
  read -r rate mbps cpu_ms disk <<<"$(awk -v n="$msgs" -v b="$bytes" -v s="$secs" -v c="$cpu" \
    -v w="$written" 'BEGIN { printf "%.0f %.0f %s %s", n / s, n * b / s / 1048576,
      (c == "-" ? "-" : sprintf("%.2f", c * 1000 / n)), (w == "-" ? "-" : sprintf("%.2f", w / (n * b))) }')"
  case "$type" in
    classic) what="durable classic queue" ;;
    quorum) what="quorum queue, 1 member" ;;
  esac
  printf '| RabbitMQ %s, %s (persistent, publisher confirms, manual acks) | %s | %s | %s | %s | %s | %s | %s |\n' \
    "$version" "$what" "$msgs" "$size_label" "$secs" "$rate" "$mbps" "$cpu_ms" "$disk"
  rates+=("$type $rate $(awk -v t="$type" -v n="$msgs" '$1 == "result" && $2 == t {
    printf "%.0f ", n / $6 }' "$work/results.txt")")
done
printf '\nEvery round, messages/s:\n'
for r in "${rates[@]}"; do
  read -r type _ each <<<"$r"
  printf '  %s: %s\n' "$type" "$each"
done
if awk -v l="${load_before%% *}" -v n="$(nproc)" 'BEGIN { exit !(l > n / 4) }'; then
  printf 'The machine was busy before the run: repeat on a quiet machine.\n'
fi
printf '\n'
for r in "${rates[@]}"; do
  read -r type rate _ <<<"$r"
  case "$type" in
    classic) echo "RABBITMQ_RATE=$rate" ;;
    quorum) echo "RABBITMQ_QUORUM_RATE=$rate" ;;
  esac
done
