#!/usr/bin/env node
// One command from a fresh checkout to a running product: install dependencies if needed,
// build if the build is missing or older than the sources, then start (PORT, DATA_DIR apply).
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureDependencies, run } from './lib/setup.mjs';
import { isBuilt } from './lib/build.mjs';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

try {
  ensureDependencies();
} catch (err) {
  console.error(err.message);
  process.exit(1);
}
const builtAt = isBuilt() ? statSync('dist/server.mjs').mtimeMs : 0;
const sourcesAt = Math.max(
  ...['app', 'components', 'lib', 'server'].map(newestMtime),
  ...['package-lock.json', 'next.config.js'].map((f) => statSync(f).mtimeMs),
);
if (sourcesAt > builtAt && !run('npm', ['run', 'build'])) process.exit(1);
const server = spawn(process.execPath, ['dist/server.mjs'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
