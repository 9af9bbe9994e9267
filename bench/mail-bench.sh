#!/usr/bin/env bash
# E-mail benchmark (issue 15): notifications/s that cqdt's outbox worker delivers, DKIM-signed, to
# a local SMTP server, next to Postfix's own load generator `smtp-source` sending messages of the
# same size to the same server in the same run. Target: cqdt >= 0.5x smtp-source.
#
#   bench/mail-bench.sh [--count 5000] [--sessions 1,2,4] [--size 7000] [--cqdt BINARY]
#
# --sessions: one or more session counts (comma-separated); each is measured on both sides, and
# the table has one pair of rows per count. cqdt's default is 1 (a province's relay; strict order).
#
# --size: smtp-source's message size; 7000 bytes is what cqdt's "documents.assigned" notice weighs
# with its text and HTML parts and DKIM signature (measured with smtp-sink -d, 2026-12-07).
#
# The receiving server is Postfix's `smtp-sink` (a fast SMTP sink written in C, in Debian's
# postfix package, which this script installs when missing — with "No configuration", so no mail
# system starts). Both senders talk plain SMTP to it on loopback (cqdt allows no TLS only to a
# server on this machine); cqdt's messages carry a DKIM signature (RSA-2048), smtp-source's none.
# For each session count, one after the other on the same sink and the same demo data directory:
#   1. cqdt ([mail] sessions = that count): --count notices written into the outbox in one
#      transaction while `cqdt serve` runs with [mail] on; the clock runs from the moment the
#      first of them is out of the queue until the last one is (polled every 5 ms). Every notice
#      is marked durably before and after. Its CPU time per message is read from /proc.
#   2. smtp-source: --count messages of cqdt's message size over that many parallel SMTP
#      sessions, timed by the wall clock.
# Prints a table. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
count=5000 sessions=1,2,4 size=7000
cqdt=${CQDT_BIN:-build/cqdt}
while [ $# -gt 0 ]; do
  case "$1" in
    --count) count=$2; shift 2 ;;
    --sessions) sessions=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --cqdt) cqdt=$2; shift 2 ;;
    *) echo "usage: $0 [--count 5000] [--sessions 1,2,4] [--size 7000] [--cqdt BINARY]" >&2; exit 2 ;;
  esac
done
cqdt=$(readlink -f "$cqdt")
if ! command -v smtp-source >/dev/null && [ ! -x /usr/sbin/smtp-source ]; then
  echo "postfix postfix/main_mailer_type select No configuration" | sudo debconf-set-selections
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postfix >/dev/null
fi
export PATH="$PATH:/usr/sbin"
for tool in smtp-source smtp-sink sqlite3 openssl; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/cqdt-mail-bench-XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }

sink_port=$(free_port)
sink_user=$(id -un)
[ "$sink_user" = root ] && sink_user=nobody
smtp-sink -u "$sink_user" "127.0.0.1:$sink_port" 1024 &
pids+=($!)
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$sink_port") 2>/dev/null && break
  sleep 0.1
done

# --- setup: a demo data directory and a DKIM key ----------------------------------------
data="$work/cqdt"
mkdir -p "$data"
"$cqdt" demo --db "sqlite://$data/cqdt.db" --data-dir "$data" --no-pki --no-documents >/dev/null
openssl genrsa -out "$work/dkim.pem" 2048 2>/dev/null
db="$data/cqdt.db"
recipients=$(sqlite3 "$db" "SELECT COUNT(*) FROM identity_user WHERE email <> '' AND disabled = 0")
[ "$recipients" -gt 0 ] || { echo "no demo user with an address" >&2; exit 1; }

# One measurement of each side with $1 sessions; appends a pair of rows to $work/rows.
measure() {
  local s=$1 port serve t0 t1 s0 s1 sent before cpu_before cpu_after not_sent
  port=$(free_port)
  CQDT_MAIL_ENABLED=1 CQDT_MAIL_SMTP_HOST=127.0.0.1 CQDT_MAIL_SMTP_PORT="$sink_port" \
    CQDT_MAIL_SMTP_TLS=none CQDT_MAIL_FROM_ADDRESS=thongbao@angiang.gov.vn \
    CQDT_MAIL_FROM_NAME="UBND tỉnh An Giang" CQDT_MAIL_DKIM_DOMAIN=angiang.gov.vn \
    CQDT_MAIL_DKIM_SELECTOR=bench CQDT_MAIL_DKIM_KEY_FILE="$work/dkim.pem" \
    CQDT_MAIL_PER_DOMAIN_PER_MINUTE=1000000 CQDT_MAIL_SESSIONS="$s" CQDT_LOG_LEVEL=warn \
    "$cqdt" serve --db "sqlite://$db" --data-dir "$data" --listen "127.0.0.1:$port" \
    >>"$work/serve.log" 2>&1 &
  serve=$!
  pids+=("$serve")
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
    sleep 0.1
  done
  # Demo notices, if any, go first and are not counted.
  while [ "$(sqlite3 "$db" "PRAGMA busy_timeout = 60000; SELECT COUNT(*) FROM notify_message WHERE email_state = 'pending'" | tail -1)" != 0 ]; do
    sleep 0.2
  done
  cpu_before=$(awk '{print $14 + $15}' "/proc/$serve/stat")
  sqlite3 "$db" >/dev/null <<SQL
PRAGMA busy_timeout = 60000;
BEGIN IMMEDIATE;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $count),
     u AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM identity_user
           WHERE email <> '' AND disabled = 0)
INSERT INTO notify_message (recipient_kind, recipient_id, kind, text_vi, text_en, link,
  entity_type, entity_id, dedup_key, created_at, email_state, email_attempts, email_last_error,
  email_next_attempt_at)
SELECT 'user', u.id, 'documents.assigned',
  'Văn bản số ' || n.i || '/UBND-VP được giao cho đồng chí xử lý, hạn 10/12/2026.',
  'Document ' || n.i || '/UBND-VP was assigned to you, due 10/12/2026.', '/van-ban/den/' || n.i,
  'documents.document', CAST(n.i AS TEXT), 'bench|$s|' || n.i, CAST(strftime('%s','now') AS INTEGER),
  'pending', 0, '', CAST(strftime('%s','now') AS INTEGER)
FROM n JOIN u ON u.k = n.i % $recipients;
COMMIT;
SQL
  # The clock: from the first of these notices leaving the queue to the last one (point lookups
  # by id every 5 ms; the full count only once the last one is out). Not from the INSERT: the
  # worker polls an idle queue once a second, and notices written by another process (this
  # script) do not wake it, while notices written by cqdt itself wake it at once.
  read -r t0 t1 < <(python3 - "$db" "$s" "$count" <<'PY'
import sqlite3, sys, time
db, s, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
c = sqlite3.connect(db, timeout=60)
lo, hi = c.execute("SELECT MIN(id), MAX(id) FROM notify_message WHERE dedup_key LIKE ?",
                   (f"bench|{s}|%",)).fetchone()
out = lambda i: c.execute("SELECT email_state <> 'pending' FROM notify_message WHERE id = ?",
                          (i,)).fetchone()[0]
while not out(lo):
    time.sleep(0.005)
first = time.time()
while True:
    if out(hi) and c.execute("SELECT COUNT(*) FROM notify_message WHERE dedup_key LIKE ? AND "
                             "email_state <> 'pending'", (f"bench|{s}|%",)).fetchone()[0] >= count:
        break
    time.sleep(0.005)
print(f"{first:.6f} {time.time():.6f}")
PY
  )
  cpu_after=$(awk '{print $14 + $15}' "/proc/$serve/stat")
  not_sent=$(sqlite3 "$db" "PRAGMA busy_timeout = 60000; SELECT COUNT(*) FROM notify_message WHERE dedup_key LIKE 'bench|$s|%' AND email_state <> 'sent'" | tail -1)
  kill "$serve" 2>/dev/null || true
  wait "$serve" 2>/dev/null || true

  s0=$(now)
  smtp-source -s "$s" -m "$count" -l "$size" -f thongbao@angiang.gov.vn \
    -t vanthu.snv@demo.angiang.gov.vn "127.0.0.1:$sink_port"
  s1=$(now)

  local cqdt_seconds cqdt_rate src_seconds src_rate cpu_ms
  cqdt_seconds=$(echo "$t1 - $t0" | bc -l)
  cqdt_rate=$(echo "$count / $cqdt_seconds" | bc -l)
  cpu_ms=$(echo "($cpu_after - $cpu_before) * 10 / $count" | bc -l)
  src_seconds=$(echo "$s1 - $s0" | bc -l)
  src_rate=$(echo "$count / $src_seconds" | bc -l)
  printf '| %s | cqdt outbox worker | %.2f | %.0f | %.2f | %s | %.2f |\n' "$s" "$cqdt_seconds" "$cqdt_rate" "$cpu_ms" "$not_sent" "$(echo "$cqdt_rate / $src_rate" | bc -l)" >>"$work/rows"
  printf '| %s | Postfix smtp-source | %.2f | %.0f | | | |\n' "$s" "$src_seconds" "$src_rate" >>"$work/rows"
}

: >"$work/rows"
for s in ${sessions//,/ }; do
  measure "$s"
done

printf '\nE-mail delivery to a local SMTP sink (Postfix smtp-sink), %s messages per row, %s cores\n' "$count" "$(nproc)"
printf 'cqdt: template, MIME (text+HTML), DKIM rsa-sha256 (2048), SMTP, each notice marked before and after (SQLite, durable).\n'
printf 'smtp-source: a prepared %s-byte message (the size of cqdt'"'"'s), SMTP.\n\n' "$size"
printf '| sessions | sender | seconds | messages/s | CPU ms/message | not sent | cqdt / smtp-source (target >= 0.5) |\n'
printf '|---:|---|---:|---:|---:|---:|---:|\n'
cat "$work/rows"
