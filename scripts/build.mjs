// Production build: the Next.js app (.next/) and the compiled server (dist/server.mjs).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

process.env.NEXT_TELEMETRY_DISABLED = '1'; // no request leaves the machine, at build time either

const next = spawnSync('npx', ['next', 'build'], { stdio: 'inherit', env: process.env });
if (next.status !== 0) process.exit(next.status ?? 1);

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
