#!/usr/bin/env node
// Online backup of the database with SQLite's backup API: safe while the server is running.
// Usage: npm run backup -- [destination file]   (default: ./data/backups/boardroom-<time>.sqlite)
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

const dataDir = path.resolve(process.env.DATA_DIR || './data');
const source = path.join(dataDir, 'boardroom.sqlite');
if (!fs.existsSync(source)) {
  console.error(`no database at ${source} (set DATA_DIR)`);
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const dest = path.resolve(process.argv[2] || path.join(dataDir, 'backups', `boardroom-${stamp}.sqlite`));
fs.mkdirSync(path.dirname(dest), { recursive: true });
const db = new Database(source, { readonly: true, fileMustExist: true });
await db.backup(dest);
db.close();
console.log(`backed up ${source} to ${dest}`);
