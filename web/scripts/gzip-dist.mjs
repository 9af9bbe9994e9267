// Writes a .gz next to every .js, .css, .html, .svg and .json file in dist/ (the cqdt server
// sends the .gz when the client accepts gzip). Level 9: done once at build time.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt)$/;

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      yield* walk(full);
    } else if (entry.isFile() && COMPRESSIBLE.test(entry.name)) {
      yield full;
    }
  }
}

let count = 0;
let raw = 0;
let zipped = 0;
for await (const file of walk(dist)) {
  const data = await readFile(file);
  const gz = gzipSync(data, { level: 9 });
  await writeFile(`${file}.gz`, gz);
  count += 1;
  raw += data.length;
  zipped += gz.length;
}
console.log(
  `gzip-dist: ${count} files, ${(raw / 1024).toFixed(1)} KiB -> ${(zipped / 1024).toFixed(1)} KiB gzip`,
);
