/**
 * Where a worker thread's program is (docs/architecture.md, "Storage"): in the production bundle,
 * the built `<name>.mjs` next to the server's bundle (scripts/build.mjs writes both); in
 * development and tests (this module is TypeScript) the source, bundled once per process with
 * esbuild (a development dependency) next to the project's node_modules, whose packages it
 * imports. A TypeScript loader in each thread would cost ~0.3 s per thread started.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { threadId } from 'node:worker_threads';
import type * as Esbuild from 'esbuild';

const built = new Map<string, string>();

/**
 * The program of the worker whose source is `source` (a path under `server/`, without `.ts`),
 * to pass to `new Worker`.
 */
export function workerProgram(source: string): string | URL {
  const name = path.basename(source);
  if (!import.meta.url.endsWith('.ts')) return new URL(`./${name}.mjs`, import.meta.url);
  const known = built.get(source);
  if (known) return known;
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof Esbuild;
  const entry = fileURLToPath(new URL(`./${source}.ts`, import.meta.url));
  const dir = path.join(path.dirname(require.resolve('esbuild/package.json')), '..', '.cache', 'boardroom');
  const output = esbuild.buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    write: false,
  }).outputFiles[0]!;
  // Named by content: processes share it, and an edit of the source makes a new one.
  const hash = createHash('sha256').update(output.contents).digest('hex').slice(0, 16);
  const out = path.join(dir, `${name}-${hash}.mjs`);
  if (!fs.existsSync(out)) {
    fs.mkdirSync(dir, { recursive: true });
    const partial = `${out}.${process.pid}-${threadId}`;
    fs.writeFileSync(partial, output.contents);
    fs.renameSync(partial, out);
  }
  built.set(source, out);
  return out;
}
