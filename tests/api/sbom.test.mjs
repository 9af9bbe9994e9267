// The software bill of materials the build writes (scripts/sbom.mjs, issue 16 item 6): a
// CycloneDX 1.5 JSON document naming cqdt and every Debian and npm package it is built from or
// runs with, each once, by a purl with its version. Skipped when the file is not built.
// CQDT_SBOM names another file (default: sbom.cdx.json beside the binary under test).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';

import { REPO_ROOT } from '../support/cqdt-server.mjs';

const file =
  process.env.CQDT_SBOM ??
  path.join(
    process.env.CQDT_BIN ? path.dirname(process.env.CQDT_BIN) : path.join(REPO_ROOT, 'build'),
    'sbom.cdx.json',
  );

function load(t) {
  if (!existsSync(file)) {
    t.skip(`${file} is not built (scripts/build.sh or node scripts/sbom.mjs)`);
    return null;
  }
  return JSON.parse(readFileSync(file, 'utf8'));
}

test('the SBOM is a CycloneDX 1.5 document about cqdt', (t) => {
  const bom = load(t);
  if (!bom) return;
  assert.equal(bom.bomFormat, 'CycloneDX');
  assert.equal(bom.specVersion, '1.5');
  assert.equal(bom.version, 1);
  assert.match(
    bom.serialNumber,
    /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  );
  assert.match(bom.metadata.timestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const cqdt = bom.metadata.component;
  assert.equal(cqdt.type, 'application');
  assert.equal(cqdt.name, 'cqdt');
  const cmake = readFileSync(path.join(REPO_ROOT, 'CMakeLists.txt'), 'utf8');
  assert.equal(cqdt.version, /project\(cqdt VERSION ([0-9.]+)/.exec(cmake)[1]);
});

test('every component has a purl with a version, listed once', (t) => {
  const bom = load(t);
  if (!bom) return;
  assert.ok(Array.isArray(bom.components) && bom.components.length > 0);
  const refs = new Set();
  for (const c of bom.components) {
    const what = JSON.stringify(c).slice(0, 160);
    assert.ok(['library', 'application', 'framework'].includes(c.type), `type: ${what}`);
    assert.ok(c.name && c.version, `name and version: ${what}`);
    assert.match(c.purl, /^pkg:(deb\/debian|npm)\/[^@\s]+@[^?\s]+(\?[^\s]*)?$/, `purl: ${what}`);
    assert.ok(
      c.purl.includes(`@${encodeURIComponent(c.version)}`),
      `the purl carries the version: ${what}`,
    );
    assert.equal(c['bom-ref'], c.purl, `bom-ref: ${what}`);
    assert.ok(['required', 'optional', 'excluded'].includes(c.scope), `scope: ${what}`);
    assert.ok(!refs.has(c.purl), `listed twice: ${c.purl}`);
    refs.add(c.purl);
  }
  // The dependency graph names only components of the document.
  for (const dep of bom.dependencies ?? []) {
    for (const ref of dep.dependsOn ?? []) assert.ok(refs.has(ref), `dependsOn: ${ref}`);
  }
});

test('the SBOM names the libraries cqdt is built on and the front end ships', (t) => {
  const bom = load(t);
  if (!bom) return;
  const names = (kind) =>
    new Set(bom.components.filter((c) => c.purl.startsWith(`pkg:${kind}/`)).map((c) => c.name));
  const debs = names('deb');
  if (debs.size > 0) {
    // The -dev packages install-deps.sh names, and runtime libraries found through ldd.
    for (const p of ['libssl-dev', 'libsodium-dev', 'libsoci-dev', 'libboost-dev']) {
      assert.ok(debs.has(p), `Debian ${p}`);
    }
    // libtesseract5: loaded with dlopen by cqdt-extract, not seen by ldd of the binaries.
    for (const p of ['libssl3', 'libsodium23', 'libsqlite3-0', 'libc6', 'libtesseract5']) {
      assert.ok(debs.has(p), `Debian runtime ${p}`);
    }
  }
  const lock = JSON.parse(readFileSync(path.join(REPO_ROOT, 'web', 'package-lock.json'), 'utf8'));
  const npm = bom.components.filter((c) => c.purl.startsWith('pkg:npm/'));
  for (const [name, version] of Object.entries(lock.packages[''].dependencies)) {
    const c = npm.find((x) => x.name === name && x.version === version);
    assert.ok(c, `npm ${name}@${version}`);
    assert.equal(c.scope, 'required', `${name} ships to the browser`);
  }
  const vite = npm.find((x) => x.name === 'vite');
  assert.equal(vite?.scope, 'excluded', 'a build tool is not shipped');
  const icons = npm.find((x) => x.name === '@ant-design/icons');
  assert.match(
    icons.purl,
    /^pkg:npm\/%40ant-design\/icons@/,
    'a scoped package is a purl namespace',
  );
});
