// Shared by the run and test commands: install what a fresh machine lacks.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { findPostgresBin, findRedisServer } from './services.mjs';

/** Runs a command with inherited output; true on success. */
export function run(cmd, args, opts = {}) {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...opts.env } });
  return r.status === 0;
}

/** `npm ci` when node_modules is missing or older than package-lock.json; rebuilds better-sqlite3 if needed. */
export function ensureDependencies() {
  const stamp = 'node_modules/.package-lock.json';
  const stale = !existsSync(stamp) || statSync('package-lock.json').mtimeMs > statSync(stamp).mtimeMs;
  if (stale && !run('npm', ['ci', '--no-audit', '--no-fund'])) throw new Error('npm ci failed');
  try {
    const require = createRequire(import.meta.url);
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
  } catch {
    // npm 11 runs its build script only when allowScripts covers it; rebuild explicitly if it did not.
    if (!run('npm', ['rebuild', 'better-sqlite3'])) throw new Error('better-sqlite3 could not be built');
  }
}

/** Makes sure a Chromium for Playwright exists: Debian's package as root on Debian, Playwright's own elsewhere. */
export function ensureChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return;
  if (existsSync('/usr/bin/chromium')) return;
  const debian = existsSync('/etc/debian_version');
  const root = process.getuid?.() === 0;
  if (debian && root) {
    console.log("Chromium is missing: installing Debian's package");
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', 'chromium'])) return;
    throw new Error('apt-get install chromium failed');
  }
  console.log("Chromium is missing: installing Playwright's build (needs internet access)");
  if (!run('npx', ['playwright', 'install', 'chromium']))
    throw new Error('npx playwright install chromium failed');
}

/**
 * Makes sure the PostgreSQL and Redis servers the multi-instance tests start are installed:
 * Debian's packages as root on Debian. Never throws: tests that need a missing one fail under CI
 * and are skipped loudly otherwise (server/testing/services.ts), each saying what is missing.
 */
export function ensureServices() {
  const missing = [!findPostgresBin() && 'postgresql', !findRedisServer() && 'redis-server'].filter(Boolean);
  if (missing.length === 0) return;
  if (existsSync('/etc/debian_version') && process.getuid?.() === 0) {
    console.log(`${missing.join(' and ')} missing: installing Debian's packages`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-qq']) && run('apt-get', ['install', '-y', '-qq', ...missing], { env })) {
      return;
    }
  }
  console.warn(
    `\n!!! ${missing.join(' and ')} not installed and not installable here: ` +
      `the tests that need ${missing.length > 1 ? 'them' : 'it'} will ${process.env.CI ? 'FAIL (CI is set)' : 'be skipped'} !!!\n`,
  );
}
