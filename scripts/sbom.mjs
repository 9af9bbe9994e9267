#!/usr/bin/env node
// Writes the software bill of materials of a cqdt build as CycloneDX 1.5 JSON (issue 16 item 6):
//   node scripts/sbom.mjs [BUILD_DIR]      (default build/; writes BUILD_DIR/sbom.cdx.json)
// Components, each named by a purl and listed once:
//   - the Debian packages cqdt is built from and runs with: the -dev packages
//     scripts/install-deps.sh installs, the packages owning every shared library the binaries load
//     (ldd BUILD_DIR/cqdt and BUILD_DIR/cqdt-extract, and of the libraries they dlopen, then
//     dpkg -S), and the programs cqdt runs as child processes;
//     versions from dpkg-query (pkg:deb/debian/<name>@<version>?arch=<arch>);
//   - the npm packages of web/ from web/package-lock.json (pkg:npm/...): those the browser gets
//     are scope "required", build and test tools "excluded", packages for another platform left out.
// Only local files and the package database are read: no network. A few hundred milliseconds.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const buildDir = path.resolve(root, process.argv[2] ?? 'build');
const out = path.join(buildDir, 'sbom.cdx.json');

// Programs cqdt starts as child processes or whose data it reads at run time (not linked, so
// ldd does not see them): LibreOffice for DOCX drafts, Tesseract's language data for OCR, the
// PDF fonts, pg_dump / pg_restore for backups on PostgreSQL.
const RUNTIME_PACKAGES = [
  'libreoffice-writer-nogui',
  'tesseract-ocr-vie',
  'tesseract-ocr-eng',
  'fonts-liberation2',
  'postgresql-client-15',
];

// Libraries cqdt-extract loads with dlopen (src/extract/ocr.cpp: Tesseract, when a page needs
// OCR): ldd does not see them either; they and what they link are listed like a linked library.
const DLOPENED = ['libtesseract.so.5'];

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (err) {
    // dpkg -S exits 1 when some path has no owner but still prints the owners it found.
    if (typeof err.stdout === 'string') {
      return err.stdout;
    }
    throw err;
  }
}

function hasCommand(cmd) {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The package names in install-deps.sh's packages=( ... ) list that end in -dev. */
function devPackagesFromInstallDeps() {
  const text = readFileSync(path.join(root, 'scripts', 'install-deps.sh'), 'utf8');
  const list = text.match(/^packages=\(([\s\S]*?)^\)/m);
  if (!list) {
    throw new Error('scripts/install-deps.sh: no packages=( ... ) list');
  }
  return list[1].split(/\s+/).filter((p) => p.endsWith('-dev'));
}

/** Where the dynamic linker finds a library by its soname (ldconfig's cache), or null. */
function librarySearch(soname) {
  for (const line of run('ldconfig', ['-p']).split('\n')) {
    const m = line.match(/^\s*(\S+) \(([^)]*)\) => (\/\S+)$/);
    if (m && m[1] === soname && m[2].includes('x86-64')) return m[3];
  }
  return null;
}

/**
 * The packages owning the shared libraries the binaries load (ldd, then dpkg -S): each binary's
 * and each dlopened library's dependencies, and the dlopened libraries themselves.
 */
function packagesOfLinkedLibraries(binaries, dlopened) {
  const paths = new Set();
  const addPath = (p) => {
    paths.add(p);
    // Debian registers files under /lib or /usr/lib (merged /usr): ask for both spellings.
    try {
      paths.add(realpathSync(p));
    } catch {
      // a vanished file: dpkg answers for the path as ldd printed it
    }
    paths.add(p.replace(/^\/usr\/lib\//, '/lib/'));
    paths.add(p.replace(/^\/lib\//, '/usr/lib/'));
  };
  const loaded = [...binaries];
  for (const soname of dlopened) {
    const file = librarySearch(soname);
    if (file) {
      addPath(file);
      loaded.push(file);
    } else {
      console.warn(`sbom: ${soname} is not installed: it is not listed`);
    }
  }
  for (const binary of loaded) {
    if (!existsSync(binary)) {
      console.warn(`sbom: ${binary} not found: its linked libraries are not listed`);
      continue;
    }
    for (const line of run('ldd', [binary]).split('\n')) {
      const m = line.match(/(?:=>\s*)?(\/\S+)\s+\(0x/);
      if (m) addPath(m[1]);
    }
  }
  if (paths.size === 0) return [];
  const owners = new Set();
  for (const line of run('dpkg', ['-S', ...paths]).split('\n')) {
    const m = line.match(/^([^:\s,]+)(?::([a-z0-9]+))?(?:, [^:]+)*: \//);
    if (m && !line.startsWith('diversion')) {
      for (const name of line.slice(0, line.indexOf(': /')).split(', ')) {
        owners.add(name);
      }
    }
  }
  return [...owners];
}

/** name[:arch] -> { name, version, arch, source } for the installed ones among `names`. */
function debianVersions(names) {
  const format =
    '${Package}\t${Version}\t${Architecture}\t${source:Package}\t${db:Status-Abbrev}\n';
  const found = new Map();
  for (const line of run('dpkg-query', ['-W', '-f', format, ...names]).split('\n')) {
    const [name, version, arch, source, status] = line.split('\t');
    if (name && version && status?.startsWith('ii')) {
      found.set(`${name}:${arch}`, { name, version, arch, source });
    }
  }
  return [...found.values()];
}

function debComponent({ name, version, arch, source }, scope) {
  // purl: the version percent-encoded (an epoch's ':'), the architecture as a qualifier.
  const purl = `pkg:deb/debian/${name}@${encodeURIComponent(version)}?arch=${arch}`;
  const component = { type: 'library', 'bom-ref': purl, name, version, scope, purl };
  if (source && source !== name) {
    component.properties = [{ name: 'debian:source', value: source }];
  }
  return component;
}

function npmPurl(name, version) {
  const [scope, bare] = name.startsWith('@') ? name.split('/') : [null, name];
  const ns = scope ? `${encodeURIComponent(scope)}/` : '';
  return `pkg:npm/${ns}${encodeURIComponent(bare)}@${encodeURIComponent(version)}`;
}

function npmComponents() {
  const lock = JSON.parse(readFileSync(path.join(root, 'web', 'package-lock.json'), 'utf8'));
  const platformFits = (list, value) =>
    !Array.isArray(list) ||
    list.some((x) => x === value) ||
    (list.every((x) => x.startsWith('!')) && !list.includes(`!${value}`));
  const components = [];
  for (const [where, pkg] of Object.entries(lock.packages ?? {})) {
    if (where === '' || pkg.link || !pkg.version) {
      continue;
    }
    if (!platformFits(pkg.os, process.platform) || !platformFits(pkg.cpu, process.arch)) {
      continue;
    }
    const name =
      pkg.name ?? where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const purl = npmPurl(name, pkg.version);
    const component = {
      type: 'library',
      'bom-ref': purl,
      name,
      version: pkg.version,
      scope: pkg.dev ? 'excluded' : pkg.optional ? 'optional' : 'required',
      purl,
    };
    if (pkg.license) {
      component.licenses = [{ expression: pkg.license }];
    }
    const integrity = /^sha512-([A-Za-z0-9+/=]+)$/.exec(pkg.integrity ?? '');
    if (integrity) {
      component.hashes = [
        { alg: 'SHA-512', content: Buffer.from(integrity[1], 'base64').toString('hex') },
      ];
    }
    components.push(component);
  }
  return components;
}

function cqdtVersion() {
  const cmake = readFileSync(path.join(root, 'CMakeLists.txt'), 'utf8');
  return /project\(cqdt VERSION ([0-9.]+)/.exec(cmake)?.[1] ?? '0.0.0';
}

const components = new Map();
const add = (c) => {
  if (!components.has(c['bom-ref'])) {
    components.set(c['bom-ref'], c);
  }
};
if (hasCommand('dpkg-query')) {
  const linked = packagesOfLinkedLibraries(
    [path.join(buildDir, 'cqdt'), path.join(buildDir, 'cqdt-extract')],
    DLOPENED,
  );
  for (const p of debianVersions(linked)) add(debComponent(p, 'required'));
  for (const p of debianVersions(RUNTIME_PACKAGES)) add(debComponent(p, 'required'));
  for (const p of debianVersions(devPackagesFromInstallDeps())) add(debComponent(p, 'excluded'));
} else {
  console.warn('sbom: no dpkg-query: the Debian packages are not listed');
}
for (const c of npmComponents()) add(c);

const sorted = [...components.values()].sort((a, b) => a.purl.localeCompare(b.purl));
const version = cqdtVersion();
// A serial number derived from the content, so the same inputs give the same document; the
// timestamp from SOURCE_DATE_EPOCH when a reproducible build sets it.
const digest = createHash('sha256')
  .update(JSON.stringify([version, sorted]))
  .digest('hex');
const serial = `urn:uuid:${digest.slice(0, 8)}-${digest.slice(8, 12)}-5${digest.slice(13, 16)}-${((parseInt(digest[16], 16) & 3) | 8).toString(16)}${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
const epoch = process.env.SOURCE_DATE_EPOCH;
const timestamp = (epoch ? new Date(Number(epoch) * 1000) : new Date())
  .toISOString()
  .replace(/\.\d{3}Z$/, 'Z');
const bom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  serialNumber: serial,
  version: 1,
  metadata: {
    timestamp,
    tools: { components: [{ type: 'application', name: 'cqdt scripts/sbom.mjs' }] },
    component: {
      type: 'application',
      'bom-ref': `pkg:generic/cqdt@${version}`,
      name: 'cqdt',
      version,
      description: 'Chính quyền điện tử — e-government platform (server and web front end)',
      purl: `pkg:generic/cqdt@${version}`,
    },
  },
  components: sorted,
  dependencies: [
    {
      ref: `pkg:generic/cqdt@${version}`,
      dependsOn: sorted.filter((c) => c.scope === 'required').map((c) => c['bom-ref']),
    },
  ],
};
mkdirSync(buildDir, { recursive: true });
writeFileSync(out, `${JSON.stringify(bom, null, 2)}\n`);
const count = (pred) => sorted.filter(pred).length;
console.log(
  `sbom: ${path.relative(root, out)}: ${count((c) => c.purl.startsWith('pkg:deb/'))} Debian, ` +
    `${count((c) => c.purl.startsWith('pkg:npm/'))} npm components`,
);
