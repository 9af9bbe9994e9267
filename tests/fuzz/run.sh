#!/usr/bin/env bash
# Fuzzes the public verification path (issue 8) with libFuzzer. Not part of CI: CI walks the
# regression corpus src/pdf/testdata/hostile (pdf_hostile_test). See tests/fuzz/README.md.
#
#   bash tests/fuzz/run.sh [seconds]          # build, then fuzz for `seconds` (default 600)
#   PODOFO_SRC=/path/to/podofo-0.9.8 bash tests/fuzz/run.sh 3600   # with PoDoFo instrumented
#   FUZZ_MAX_LEN=32768 bash tests/fuzz/run.sh                        # smaller inputs, more runs/s
#
# Needs clang and its runtime (Debian: clang, libclang-rt-14-dev). Outputs go to
# ${FUZZ_DIR:-build-fuzz}: the binary, the growing corpus, and crash-/timeout-/oom- artifacts,
# each an input that escaped the bounds (replay one: build-fuzz/verify_fuzzer <file>).
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECONDS_TO_RUN="${1:-600}"
OUT="${FUZZ_DIR:-$REPO/build-fuzz}"
CXX="${CXX:-clang++}"
CC="${CC:-clang}"
JOBS="${FUZZ_JOBS:-1}"
mkdir -p "$OUT/obj" "$OUT/corpus" "$OUT/artifacts"

SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
CXXFLAGS="-std=c++20 -O1 -g -fno-omit-frame-pointer -include utility $SAN -fsanitize=fuzzer-no-link"

# PoDoFo: the system library (no coverage inside it), or PODOFO_SRC built with coverage and
# AddressSanitizer, so the fuzzer also sees PoDoFo's branches (not UBSan: PoDoFo's own undefined
# behaviour, such as memcpy from a null pointer of length 0, is not what this fuzzes).
if [[ -n "${PODOFO_SRC:-}" ]]; then
  if [[ ! -f "$OUT/podofo/src/podofo/libpodofo.a" ]]; then
    cmake -S "$PODOFO_SRC" -B "$OUT/podofo" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_C_COMPILER="$CC" -DCMAKE_CXX_COMPILER="$CXX" \
      -DCMAKE_C_FLAGS="-fsanitize=address -fsanitize=fuzzer-no-link" \
      -DCMAKE_CXX_FLAGS="-fsanitize=address -fsanitize=fuzzer-no-link -std=c++14" \
      -DPODOFO_BUILD_STATIC=ON -DPODOFO_BUILD_SHARED=OFF -DPODOFO_BUILD_TOOLS=OFF \
      -DPODOFO_BUILD_LIB_ONLY=ON -DWANT_FONTCONFIG=ON >/dev/null
    cmake --build "$OUT/podofo" -j "$JOBS" >/dev/null
  fi
  PODOFO_CFLAGS="-I$PODOFO_SRC/src -I$OUT/podofo/src -I$OUT/podofo -DPODOFO_STATIC"
  PODOFO_LIBS="$OUT/podofo/src/podofo/libpodofo.a $(pkg-config --libs freetype2 fontconfig libpng libjpeg zlib 2>/dev/null || echo -lfreetype -lfontconfig -lpng -ljpeg -lz)"
else
  PODOFO_CFLAGS="$(pkg-config --cflags libpodofo)"
  PODOFO_LIBS="$(pkg-config --libs libpodofo)"
fi

INCLUDES=(-I"$REPO/src/core/include" -I"$REPO/src/crypto/include" -I"$REPO/src/xml/include"
  -I"$REPO/src/pdf/include" -I"$REPO/src/signing/include" -I"$REPO/src/core" -I"$REPO/src/crypto"
  -I"$REPO/src/pdf" $PODOFO_CFLAGS $(pkg-config --cflags xmlsec1-openssl libsodium libp11))

# The verification path: core, crypto, xml, pdf and the Verifier (not the rest of signing, which
# needs the database).
SOURCES=(src/core/clock.cpp src/core/cpu_budget.cpp src/core/result.cpp src/core/text.cpp
  src/crypto/cms.cpp src/crypto/crypto.cpp src/crypto/pkcs11.cpp src/crypto/pki.cpp
  src/crypto/trust.cpp src/crypto/x509.cpp src/xml/xml.cpp
  src/pdf/page_tree.cpp src/pdf/pdf_internal.cpp src/pdf/pdf_read.cpp src/pdf/pdf_render.cpp
  src/pdf/pdf_sign.cpp src/pdf/stream_checks.cpp src/pdf/untrusted_pdf.cpp
  src/signing/verification.cpp tests/fuzz/verify_fuzzer.cpp)
OBJECTS=()
for src in "${SOURCES[@]}"; do
  obj="$OUT/obj/$(echo "$src" | tr / _).o"
  if [[ ! -f "$obj" || "$REPO/$src" -nt "$obj" ]]; then
    "$CXX" $CXXFLAGS -Wno-deprecated-declarations "${INCLUDES[@]}" -c "$REPO/$src" -o "$obj"
  fi
  OBJECTS+=("$obj")
done
"$CXX" $SAN -fsanitize=fuzzer "${OBJECTS[@]}" -o "$OUT/verify_fuzzer" $PODOFO_LIBS \
  $(pkg-config --libs xmlsec1-openssl libsodium libp11 openssl) -lpthread

# Seeds: the hostile corpus, the XML samples, and a few signed files made by the test suites when
# they were kept (CQDT_PDF_KEEP_DIR); the fuzzer's own corpus grows in $OUT/corpus.
SEEDS=("$REPO/src/pdf/testdata/hostile" "$REPO/src/xml/testdata")
[[ -d "${FUZZ_SEEDS:-}" ]] && SEEDS+=("$FUZZ_SEEDS")

# -timeout: the verifier's budget here is 0.5 s of CPU; an input that runs for 10 s escaped it.
# -malloc_limit_mb: the largest allocation the bounds allow is ~32 MB (one decoded stream).
cd "$OUT"
exec ./verify_fuzzer -dict="$REPO/tests/fuzz/pdf.dict" -max_len="${FUZZ_MAX_LEN:-262144}" -timeout=10 \
  -rss_limit_mb=2048 -malloc_limit_mb=256 -max_total_time="$SECONDS_TO_RUN" -jobs="$JOBS" \
  -workers="$JOBS" -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 \
  "$OUT/corpus" "${SEEDS[@]}"
