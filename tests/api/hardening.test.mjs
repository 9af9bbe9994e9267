// The binary under test carries the hardening Debian gives its packages (CMakeLists.txt
// CQDT_HARDEN, docs/security.md V14.1.2): position-independent, full RELRO (a read-only GOT bound
// at start), a non-executable stack, stack canaries and fortified libc calls. Read from the ELF
// file with readelf (binutils). Skipped for the ASan+UBSan binary, which is built without them
// (the sanitizers bring their own checks), and without readelf.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';

import { cqdtBin } from '../support/cqdt-server.mjs';

const CQDT_BIN = cqdtBin();

function readelf(...args) {
  return execFileSync('readelf', ['--wide', ...args, CQDT_BIN], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
}

function skipReason() {
  try {
    execFileSync('readelf', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'readelf (binutils) is not installed';
  }
  if (/__asan_init/.test(readelf('--dyn-syms')) || /libasan/.test(readelf('--dynamic'))) {
    return 'the ASan+UBSan binary is built without the hardening flags';
  }
  return null;
}

test('the cqdt binary is built with the hardening flags', (t) => {
  const reason = skipReason();
  if (reason) {
    t.skip(reason);
    return;
  }
  const header = readelf('--file-header');
  assert.match(header, /Type:\s+DYN/, 'a position-independent executable (PIE)');
  const segments = readelf('--program-headers');
  assert.match(segments, /GNU_RELRO/, 'a RELRO segment');
  const stack = segments.split('\n').find((line) => /GNU_STACK/.test(line));
  assert.ok(stack, 'a GNU_STACK header');
  assert.doesNotMatch(stack, /RWE/, 'the stack is not executable');
  const dynamic = readelf('--dynamic');
  assert.match(dynamic, /BIND_NOW|FLAGS_1.*\bNOW\b/, 'bound now (-z now): full RELRO');
  const symbols = readelf('--dyn-syms');
  assert.match(symbols, /__stack_chk_fail/, 'stack canaries (-fstack-protector-strong)');
  // _FORTIFY_SOURCE needs the optimiser: a Debug build (-O0) has no fortified calls.
  assert.match(
    symbols,
    /__[a-z0-9_]+_chk\b/,
    'fortified libc calls (_FORTIFY_SOURCE; -O1 or more)',
  );
});
