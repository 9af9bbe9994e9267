#!/usr/bin/env bash
# Installs every system package cqdt needs to build, run and test, on Debian 12 (bookworm).
# Idempotent: packages already present are skipped, so a second run takes a second.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config git
  libboost-dev libsoci-dev libsqlite3-dev sqlite3 libpq-dev postgresql
  nlohmann-json3-dev libsodium-dev libssl-dev libspdlog-dev libfmt-dev libcli11-dev
  libtomlplusplus-dev libgtest-dev libgmock-dev googletest libbenchmark-dev libicu-dev
  wrk nginx-light chromium fonts-liberation2 procps curl
  libxmlsec1-dev xmlsec1 libpodofo-dev libfreetype-dev poppler-utils libp11-dev libengine-pkcs11-openssl
  softhsm2 opensc libnss3-tools p11-kit-modules libzxcvbn-dev
  libzip-dev libreoffice-writer-nogui
  libpoppler-cpp-dev libtesseract-dev libleptonica-dev tesseract-ocr-vie tesseract-ocr-eng tesseract-ocr
  libxlsxwriter-dev libqrencode-dev libpng-dev zbar-tools
  libcurl4-openssl-dev
  dovecot-imapd swaks libnet-ssleay-perl
  libgmime-3.0-dev python3-dkim
  libsystemd-dev debhelper lintian
  haproxy
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]})); then
  echo "cqdt: cài đặt gói hệ thống / installing system packages: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The tests run their own Dovecot (tests/support/imap-server.mjs): the system service the
  # package starts on ports 143/993 is not needed.
  if [[ " ${missing[*]} " == *" dovecot-imapd "* ]] && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now dovecot.service dovecot.socket >/dev/null 2>&1 || true
  fi
  # Likewise HAProxy: the multi-instance tests run their own (tests/support/haproxy.mjs) with a
  # generated configuration on free loopback ports; the system service is not needed.
  if [[ " ${missing[*]} " == *" haproxy "* ]] && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now haproxy.service >/dev/null 2>&1 || true
  fi
fi

# Node 20+ is needed by Vite; Debian's nodejs 18 is too old.
if ! command -v node >/dev/null || [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  echo "cqdt: cần Node.js >= 20 / Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi
