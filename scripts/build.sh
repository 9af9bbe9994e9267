#!/usr/bin/env bash
# Builds cqdt: the C++ binary (and tests) into build/, its SBOM (build/sbom.cdx.json) and the web
# front end into web/dist.
#   scripts/build.sh [--no-web] [--asan]
set -euo pipefail
cd "$(dirname "$0")/.."
web=1 asan=0
for arg in "$@"; do
  case "$arg" in
    --no-web) web=0 ;;
    --asan) asan=1 ;;
    *) echo "usage: $0 [--no-web] [--asan]" >&2; exit 2 ;;
  esac
done
jobs=$(nproc)

if [ "$asan" = 1 ]; then
  # The sanitizers run the unit and API tests only: no benchmarks to compile.
  dir=build-asan
  flags=(-DCMAKE_BUILD_TYPE=Debug -DCQDT_SANITIZE=ON -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1"
         -DCQDT_BUILD_BENCH=OFF)
else
  dir=build
  flags=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"
         -DCQDT_BUILD_BENCH=ON)
fi
werror=OFF
if [ "${CI:-}" = "true" ]; then werror=ON; fi
cmake -S . -B "$dir" -G Ninja -DCQDT_WERROR="$werror" "${flags[@]}" >/dev/null
cmake --build "$dir" -j "$jobs"
# The software bill of materials (CycloneDX 1.5): Debian and npm packages with their versions.
node scripts/sbom.mjs "$dir"

if [ "$web" = 1 ]; then
  (
    cd web
    # npm ci is exact and reproducible; skip it when node_modules matches the lock file.
    if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.cqdt-lock; then
      npm ci --no-audit --no-fund --loglevel=error
      cp package-lock.json node_modules/.cqdt-lock
    fi
    npm run --silent build
  )
fi
