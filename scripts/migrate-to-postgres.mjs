#!/usr/bin/env node
// Copies a SQLite workspace into an empty PostgreSQL database: boards, links, sessions, every
// document's log with its times, snapshots and assets (server/storage/migrate.ts).
// Usage: DATABASE_URL=postgres://… npm run migrate-to-postgres -- [sqlite file]
//   (default: $DATA_DIR/boardroom.sqlite). Runs the compiled code that `npm run build` makes.
import { existsSync } from 'node:fs';
import path from 'node:path';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    'set DATABASE_URL to the empty PostgreSQL database to fill, e.g. postgres://boardroom@localhost/boardroom',
  );
  process.exit(1);
}
const compiled = new URL('../dist/migrate.mjs', import.meta.url);
if (!existsSync(compiled)) {
  console.error('dist/migrate.mjs is missing: run `npm run build` first');
  process.exit(1);
}
const source = path.resolve(
  process.argv[2] || path.join(process.env.DATA_DIR || './data', 'boardroom.sqlite'),
);
const { copySqliteToPostgres } = await import(compiled.href);
try {
  const counts = await copySqliteToPostgres(source, url);
  // Never print DATABASE_URL: it may hold a password.
  console.log(`copied ${source} into PostgreSQL:`);
  for (const [what, n] of Object.entries(counts)) console.log(`  ${what.padEnd(14)} ${n}`);
  if (counts.orphanUpdates > 0) console.log('  (orphanUpdates: log entries of deleted boards, left behind)');
} catch (err) {
  console.error(`nothing was copied: ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
