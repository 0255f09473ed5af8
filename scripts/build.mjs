// Production build: the Next.js app (.next/) and the compiled server (dist/server.mjs).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { build } from 'esbuild';

process.env.NEXT_TELEMETRY_DISABLED = '1'; // no request leaves the machine, at build time either

const next = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: process.env });
if (next.status !== 0) process.exit(next.status ?? 1);

// Each script and stylesheet compressed once, here, at the best ratio: the server sends these
// copies (server/builtStatic.ts) instead of gzipping every response on the fly (docs/architecture.md,
// "Pages open fast"). zlib's thread pool runs them side by side.
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const staticDir = path.join('.next', 'static');
const started = Date.now();
const built = fs
  .readdirSync(staticDir, { recursive: true, encoding: 'utf8' })
  .filter((rel) => /\.(js|css)$/.test(rel));
await Promise.all(
  built.map(async (rel) => {
    const file = path.join(staticDir, rel);
    const data = fs.readFileSync(file);
    const quality = {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
    };
    for (const [suffix, encoded] of [
      ['.br', await brotli(data, { params: quality })],
      ['.gz', await gzip(data, { level: 9 })],
    ]) {
      // Written whole or not at all: the server serves any copy it finds.
      fs.writeFileSync(`${file}${suffix}.tmp`, encoded);
      fs.renameSync(`${file}${suffix}.tmp`, `${file}${suffix}`);
    }
  }),
);
console.log(`compressed ${built.length} static files in ${Date.now() - started} ms`);

// The server, the programs of its SQLite and log-merge threads (server/workerProgram.ts loads them
// from next to the server's bundle), and the SQLite-to-PostgreSQL copy behind
// `npm run migrate-to-postgres`: all run in production, where TypeScript tooling (a devDependency)
// is not installed.
for (const [entry, outfile] of [
  ['server/index.ts', 'dist/server.mjs'],
  ['server/storage/sqliteWorker.ts', 'dist/sqliteWorker.mjs'],
  ['server/mergeWorker.ts', 'dist/mergeWorker.mjs'],
  ['server/storage/migrate.ts', 'dist/migrate.mjs'],
]) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  console.log(`built ${outfile}`);
}
