// Fails (exit 1) when the JavaScript a browser must download before the first page works is over
// the budget. "Initial" is index.html's module graph: the entry script, the chunks it imports
// statically (recursively) and the modulepreload links. "First page" adds the login route chunk
// and its static imports, because the app lazy-loads every route, login included.
//
// Usage: node scripts/check-bundle-size.mjs [--budget-kb 300] [--route login-page]
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { parseAst } from 'vite';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] ? args[index + 1] : fallback;
};
const budgetKb = Number(option('--budget-kb', '300'));
const routeChunk = option('--route', 'login-page');

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const indexHtml = path.join(dist, 'index.html');
if (!existsSync(indexHtml)) {
  console.error('check-bundle-size: dist/index.html is missing; run `npm run build` first');
  process.exit(1);
}

const html = await readFile(indexHtml, 'utf8');
const seeds = new Set();
for (const match of html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)) {
  seeds.add(match[1]);
}
for (const match of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)) {
  seeds.add(match[1]);
}
if (seeds.size === 0) {
  console.error('check-bundle-size: no module script in dist/index.html');
  process.exit(1);
}

const toFile = (url) => path.join(dist, url.replace(/^\//, '').split(/[?#]/)[0]);

/** Static imports of one chunk: import declarations and re-exports, not import(). */
async function staticImports(file) {
  const code = await readFile(file, 'utf8');
  const program = parseAst(code);
  const found = [];
  for (const node of program.body) {
    if (
      (node.type === 'ImportDeclaration' ||
        node.type === 'ExportAllDeclaration' ||
        node.type === 'ExportNamedDeclaration') &&
      node.source &&
      typeof node.source.value === 'string' &&
      node.source.value.startsWith('.')
    ) {
      found.push(path.resolve(path.dirname(file), node.source.value));
    }
  }
  return found;
}

async function closure(startFiles) {
  const seen = new Set();
  const queue = [...startFiles];
  while (queue.length > 0) {
    const file = queue.pop();
    if (seen.has(file) || !file.endsWith('.js')) continue;
    seen.add(file);
    queue.push(...(await staticImports(file)));
  }
  return seen;
}

const sizes = new Map();
async function gzSize(file) {
  if (!sizes.has(file)) {
    const data = await readFile(file);
    sizes.set(file, { raw: data.length, gz: gzipSync(data, { level: 9 }).length });
  }
  return sizes.get(file);
}

async function total(files) {
  let raw = 0;
  let gz = 0;
  for (const file of files) {
    const size = await gzSize(file);
    raw += size.raw;
    gz += size.gz;
  }
  return { raw, gz };
}

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const initial = await closure([...seeds].map(toFile));
const assets = path.join(dist, 'assets');
const routeFiles = (await readdir(assets))
  .filter((name) => name.startsWith(`${routeChunk}-`) && name.endsWith('.js'))
  .map((name) => path.join(assets, name));
if (routeFiles.length === 0) {
  console.error(`check-bundle-size: no chunk named ${routeChunk}-*.js in dist/assets`);
  process.exit(1);
}
const firstPage = await closure([...initial, ...routeFiles]);

console.log('Initial JS (index.html module graph):');
for (const file of [...initial].sort()) {
  const size = await gzSize(file);
  console.log(
    `  ${path.relative(dist, file).padEnd(44)} ${kb(size.raw).padStart(10)}  gzip ${kb(size.gz)}`,
  );
}
const initialTotal = await total(initial);
console.log(`  total: ${kb(initialTotal.raw)}, gzip ${kb(initialTotal.gz)}`);

console.log(`First page (initial + ${routeChunk} route):`);
for (const file of [...firstPage].filter((file) => !initial.has(file)).sort()) {
  const size = await gzSize(file);
  console.log(
    `  ${path.relative(dist, file).padEnd(44)} ${kb(size.raw).padStart(10)}  gzip ${kb(size.gz)}`,
  );
}
const firstTotal = await total(firstPage);
console.log(`  total: ${kb(firstTotal.raw)}, gzip ${kb(firstTotal.gz)}`);

const budget = budgetKb * 1024;
if (initialTotal.gz > budget || firstTotal.gz > budget) {
  console.error(
    `check-bundle-size: FAIL: gzipped JS for the first page is ${kb(firstTotal.gz)} (initial ${kb(initialTotal.gz)}), budget ${budgetKb} KB`,
  );
  process.exit(1);
}
console.log(
  `check-bundle-size: OK: first page ${kb(firstTotal.gz)} gzip (initial ${kb(initialTotal.gz)}) <= ${budgetKb} KB`,
);
