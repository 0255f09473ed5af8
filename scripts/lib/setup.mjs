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

const stamp = 'node_modules/.package-lock.json';
const stale = () => !existsSync(stamp) || statSync('package-lock.json').mtimeMs > statSync(stamp).mtimeMs;

function sqliteLoads() {
  try {
    const require = createRequire(import.meta.url);
    const Database = require('better-sqlite3');
    new Database(':memory:').close();
    return true;
  } catch {
    return false;
  }
}

/** `npm ci` when node_modules is missing or older than package-lock.json; rebuilds better-sqlite3 if needed. */
export function ensureDependencies() {
  if (stale() && !run('npm', ['ci', '--no-audit', '--no-fund'])) throw new Error('npm ci failed');
  // npm 11 runs its build script only when allowScripts covers it; rebuild explicitly if it did not.
  if (!sqliteLoads() && !run('npm', ['rebuild', 'better-sqlite3'])) {
    throw new Error('better-sqlite3 could not be built');
  }
}

/**
 * As ensureDependencies, but better-sqlite3's native build (compiling SQLite: over a minute on one
 * core here, and no prebuilt binary can be downloaded) runs in the background: the returned
 * promise settles once it loads. Until then nothing may load better-sqlite3; the static checks
 * and the production build do not.
 */
export function ensureDependenciesSoon(runInBackground) {
  if (stale()) {
    if (!run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'])) throw new Error('npm ci failed');
    // The other approved install script (allowScripts) is quick: run it now.
    if (!run('npm', ['rebuild', 'esbuild'])) throw new Error('esbuild could not be set up');
  }
  if (sqliteLoads()) return Promise.resolve();
  return runInBackground('npm', ['rebuild', 'better-sqlite3']).then((ok) => {
    if (!ok || !sqliteLoads()) throw new Error('better-sqlite3 could not be built');
  });
}

function chromiumPresent() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return true;
  return existsSync('/usr/bin/chromium');
}

function onDebianAsRoot() {
  return existsSync('/etc/debian_version') && process.getuid?.() === 0;
}

/** One `apt-get update` and one install for every missing package (each apt run costs ~20 s). */
function aptInstall(packages) {
  console.log(`${packages.join(', ')} missing: installing Debian's packages`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  return (
    run('apt-get', ['update', '-qq'], { env }) &&
    run('apt-get', ['install', '-y', '-qq', ...packages], { env })
  );
}

/** Makes sure a Chromium for Playwright exists: Debian's package as root on Debian, Playwright's own elsewhere. */
export function ensureChromium() {
  ensureSystemPackages({ services: false });
}

/**
 * Makes sure Chromium and (unless `services` is false) the PostgreSQL and Redis servers the
 * multi-instance tests start are installed: Debian's packages as root on Debian, in one apt run.
 * Throws when Chromium cannot be had. A missing PostgreSQL or Redis does not throw: the tests that
 * need one fail under CI and are skipped loudly otherwise (server/testing/services.ts), each
 * saying what is missing.
 */
export function ensureSystemPackages({ services = true } = {}) {
  const missingServices = services
    ? [!findPostgresBin() && 'postgresql', !findRedisServer() && 'redis-server'].filter(Boolean)
    : [];
  const missing = [!chromiumPresent() && 'chromium', ...missingServices].filter(Boolean);
  if (missing.length > 0 && onDebianAsRoot() && !aptInstall(missing)) {
    throw new Error(`apt-get install ${missing.join(' ')} failed`);
  }
  if (!chromiumPresent() && !onDebianAsRoot()) {
    console.log("Chromium is missing: installing Playwright's build (needs internet access)");
    if (!run('npx', ['playwright', 'install', 'chromium']))
      throw new Error('npx playwright install chromium failed');
  }
  const stillMissing = [!findPostgresBin() && 'postgresql', !findRedisServer() && 'redis-server'].filter(
    Boolean,
  );
  if (services && stillMissing.length > 0) {
    console.warn(
      `\n!!! ${stillMissing.join(' and ')} not installed and not installable here: ` +
        `the tests that need ${stillMissing.length > 1 ? 'them' : 'it'} will ${process.env.CI ? 'FAIL (CI is set)' : 'be skipped'} !!!\n`,
    );
  }
}
