#!/usr/bin/env bash
# Builds the Debian package cqdt_<version>_amd64.deb (debian/, debhelper) and checks it.
#   scripts/package.sh [--build-dir DIR] [--out DIR] [--no-check]
#     (default)        compiles from source: dpkg-buildpackage with cmake RelWithDebInfo
#                      (debian/rules) in a scratch copy of the tree, so the checkout stays clean
#     --build-dir DIR  packages DIR/cqdt as it was built (CI: no second compile); its web
#                      front end is the checkout's web/dist, as for the default
#     --out DIR        where the .deb goes (default build-package/)
#     --no-check       skips lintian and systemd-analyze verify
# The version is the project's (CMakeLists.txt) at a tag v<version>, otherwise
# <version>+git<commits>.<commit>, which sorts after the release and after earlier commits.
# DEB_BUILD_OPTIONS passes through (noddebs: no -dbgsym package). Prints the .deb's path last.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

build_dir="" out="$root/build-package" check=1
while (($#)); do
  case "$1" in
    --build-dir) build_dir=$(realpath "$2"); shift 2 ;;
    --out) out=$(realpath -m "$2"); shift 2 ;;
    --no-check) check=0; shift ;;
    *) echo "usage: $0 [--build-dir DIR] [--out DIR] [--no-check]" >&2; exit 2 ;;
  esac
done

say() { echo "cqdt package: $*" >&2; }

# The tools, installed when missing (as scripts/install-deps.sh does).
need=()
command -v dpkg-buildpackage >/dev/null || need+=(dpkg-dev)
command -v dh >/dev/null || need+=(debhelper)
if [ "$check" = 1 ]; then
  command -v lintian >/dev/null || need+=(lintian)
  command -v systemd-analyze >/dev/null || need+=(systemd)
fi
if ((${#need[@]})); then
  say "cài đặt / installing ${need[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

base=$(sed -nE 's/^project\(cqdt VERSION ([0-9][0-9.]*).*/\1/p' CMakeLists.txt)
if [ -z "$base" ]; then
  say "không đọc được phiên bản trong CMakeLists.txt / no project VERSION in CMakeLists.txt"
  exit 1
fi
version=$base
if git rev-parse --git-dir >/dev/null 2>&1 &&
   ! git describe --exact-match --tags --match "v$base" HEAD >/dev/null 2>&1; then
  version="$base+git$(git rev-list --count HEAD).$(git rev-parse --short=8 HEAD)"
fi

if [ -n "$build_dir" ] && [ ! -x "$build_dir/cqdt" ]; then
  say "không có $build_dir/cqdt / no cqdt binary in $build_dir"
  exit 2
fi
if [ ! -f web/dist/index.html ]; then
  if [ -n "$build_dir" ]; then
    say "thiếu web/dist (scripts/build.sh dựng nó) / web/dist is missing: run scripts/build.sh"
    exit 2
  fi
  say "dựng giao diện web / building the web front end"
  (cd web && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build) >&2
fi

# A scratch copy: dpkg-buildpackage writes into the tree it builds (debian/cqdt, debian/files,
# the cmake build directory) and its results beside it.
work=$(mktemp -d /tmp/cqdt-package.XXXXXX)
trap 'rm -rf "$work"' EXIT
src="$work/cqdt-$version"
mkdir -p "$src"
if [ -n "$build_dir" ]; then
  cp -r debian "$src/"
  cp cqdt.example.toml README.md "$src/"
  cp CMakeLists.txt "$src/"  # for the record: what the version came from
else
  # What git knows of (tracked files, and new ones not ignored), as they are in the checkout.
  git ls-files -z --cached --others --exclude-standard |
    while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
    tar --null -T - -cf - | tar -xf - -C "$src"
fi
sed -i "1s/^cqdt ([^)]*)/cqdt ($version)/" "$src/debian/changelog"

export CQDT_WEB_DIST="$root/web/dist"
args=(-b -us -uc)
if [ -n "$build_dir" ]; then
  export CQDT_PREBUILT_BIN="$build_dir/cqdt"
  args+=(-d)  # nothing is compiled: the build dependencies are not needed
  say "đóng gói $build_dir/cqdt / packaging the binary of $build_dir, version $version"
else
  unset CQDT_PREBUILT_BIN
  say "biên dịch từ mã nguồn / building from source, version $version"
fi
(cd "$src" && dpkg-buildpackage "${args[@]}") >"$work/build.log" 2>&1 || {
  tail -n 40 "$work/build.log" >&2
  say "dpkg-buildpackage thất bại / failed"
  exit 1
}

mkdir -p "$out"
deb="$out/cqdt_${version}_amd64.deb"
cp "$work/cqdt_${version}_amd64.deb" "$deb"
for ddeb in "$work"/cqdt-dbgsym_*.ddeb; do
  if [ -e "$ddeb" ]; then cp "$ddeb" "$out/"; fi
done

if [ "$check" = 1 ]; then
  # lintian: no errors (warnings that cannot be helped are overridden, with the reason, in
  # debian/cqdt.lintian-overrides).
  say "lintian"
  lintian --fail-on error "$deb" >&2 || { say "lintian: có lỗi / errors above"; exit 1; }
  # The unit as the package ships it, its ExecStart pointed into the unpacked package (verify
  # wants the program to exist). verify exits 0 on warnings such as an unknown key: any line
  # about cqdt.service fails the check too. Then its exposure as systemd-analyze security rates it (0-100,
  # lower is safer; 16 when this was written): above 20, a hardening setting was lost.
  say "systemd-analyze verify, security"
  tree="$work/tree"
  dpkg-deb -x "$deb" "$tree"
  unit=$(find "$tree" -path '*/systemd/system/cqdt.service' | head -n 1)
  sed "s|/usr/bin/cqdt|$tree/usr/bin/cqdt|g" "$unit" >"$work/cqdt.service"
  verify_rc=0
  verify=$(systemd-analyze verify --man=no "$work/cqdt.service" 2>&1) || verify_rc=$?
  if [ "$verify_rc" -ne 0 ] || grep -q 'cqdt\.service' <<<"$verify"; then
    echo "$verify" >&2
    say "systemd-analyze verify: có lỗi / failed"
    exit 1
  fi
  if ! systemd-analyze security --offline=true --threshold=20 "$work/cqdt.service" >"$work/security.txt" 2>&1; then
    tail -n 40 "$work/security.txt" >&2
    say "systemd-analyze security: mức phơi nhiễm vượt 20 / exposure above 20"
    exit 1
  fi
  tail -n 1 "$work/security.txt" >&2
fi
echo "$deb"
