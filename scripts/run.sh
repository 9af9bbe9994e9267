#!/usr/bin/env bash
# README command 1: install what is missing, build, create the embedded SQLite database with
# demo data under ./data/ if there is none, and serve cqdt at http://127.0.0.1:8080.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
export CQDT_DATA_DIR="${CQDT_DATA_DIR:-$PWD/data}"
./build/cqdt demo
echo
echo "cqdt: mở / open http://${CQDT_LISTEN:-127.0.0.1:8080} — Ctrl+C để dừng / to stop"
exec ./build/cqdt serve --web-root web/dist
