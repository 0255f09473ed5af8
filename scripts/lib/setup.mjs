// Shared by the run and test commands: install what a fresh machine lacks.
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
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
 * Compiles better-sqlite3 (the lockfile's version, from its registry tarball) in a temporary
 * directory, so that the compile can start before `npm ci` has installed it: on a fresh machine
 * the compile is the longest step and needs nothing `npm ci` brings. Resolves to the directory
 * holding the built addon, or null (then `npm rebuild` builds it as before). Uses the node-gyp and
 * headers npm gives the scripts it runs (`npm test`); without them it does nothing.
 */
function buildSqliteAside() {
  const gyp = process.env.npm_config_node_gyp;
  let version;
  try {
    version = JSON.parse(readFileSync('package-lock.json', 'utf8')).packages['node_modules/better-sqlite3']
      .version;
  } catch {
    return Promise.resolve(null);
  }
  if (!gyp || !/^\d+\.\d+\.\d+$/.test(version ?? '')) return Promise.resolve(null);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'boardroom-sqlite-'));
  const log = openSync(path.join(dir, 'build.log'), 'w');
  const script =
    `npm pack better-sqlite3@${version} --pack-destination . --silent && ` +
    `tar xzf better-sqlite3-${version}.tgz && cd package && node "$NODE_GYP" rebuild --release`;
  // Output to a file: this process blocks in `npm ci` meanwhile and could not drain a pipe.
  const child = spawn('sh', ['-c', script], {
    cwd: dir,
    env: { ...process.env, NODE_GYP: gyp },
    stdio: ['ignore', log, log],
  });
  return new Promise((resolve) => {
    child.on('close', (code) => {
      closeSync(log);
      resolve(code === 0 ? dir : null);
    });
    child.on('error', () => resolve(null));
  });
}

/**
 * As ensureDependencies, but better-sqlite3's native build (compiling SQLite: over a minute on one
 * core here, and no prebuilt binary can be downloaded) runs in the background, from before
 * `npm ci` when node_modules is stale: the returned promise settles once it loads. Until then
 * nothing may load better-sqlite3; the static checks and the production build do not.
 */
export function ensureDependenciesSoon(runInBackground) {
  let aside = Promise.resolve(null);
  if (stale()) {
    aside = buildSqliteAside();
    if (!run('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts'])) throw new Error('npm ci failed');
    // The other approved install script (allowScripts) is quick: run it now.
    if (!run('npm', ['rebuild', 'esbuild'])) throw new Error('esbuild could not be set up');
  }
  if (sqliteLoads()) return Promise.resolve();
  return aside.then((dir) => {
    if (dir) {
      try {
        const target = 'node_modules/better-sqlite3/build/Release';
        mkdirSync(target, { recursive: true });
        copyFileSync(
          path.join(dir, 'package/build/Release/better_sqlite3.node'),
          `${target}/better_sqlite3.node`,
        );
        rmSync(dir, { recursive: true, force: true });
      } catch {
        // not where it should be: built the usual way below
      }
      if (sqliteLoads()) return;
    }
    return runInBackground('npm', ['rebuild', 'better-sqlite3']).then((ok) => {
      if (!ok || !sqliteLoads()) throw new Error('better-sqlite3 could not be built');
    });
  });
}

function chromiumPresent() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return true;
  return existsSync('/usr/bin/chromium');
}

function onDebianAsRoot() {
  return existsSync('/etc/debian_version') && process.getuid?.() === 0;
}

/**
 * The commands that install what is missing: Chromium and (unless `services` is false) the
 * PostgreSQL and Redis servers the multi-instance tests start. Debian's packages as root on Debian,
 * one `apt-get update` and one install for all of them (each apt run costs ~20 s); Playwright's own
 * Chromium elsewhere (a missing PostgreSQL or Redis there is only reported: warnMissingServices).
 */
function systemInstallSteps({ services }) {
  const missingServices = services
    ? [!findPostgresBin() && 'postgresql', !findRedisServer() && 'redis-server'].filter(Boolean)
    : [];
  const missing = [!chromiumPresent() && 'chromium', ...missingServices].filter(Boolean);
  if (missing.length === 0) return [];
  if (onDebianAsRoot()) {
    console.log(`${missing.join(', ')} missing: installing Debian's packages`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    return [
      ['apt-get', ['update', '-qq'], env],
      ['apt-get', ['install', '-y', '-qq', ...missing], env],
    ];
  }
  if (!chromiumPresent()) {
    console.log("Chromium is missing: installing Playwright's build (needs internet access)");
    return [['npx', ['playwright', 'install', 'chromium'], {}]];
  }
  return [];
}

/**
 * A missing PostgreSQL or Redis does not throw: the tests that need one fail under CI and are
 * skipped loudly otherwise (server/testing/services.ts), each saying what is missing.
 */
function warnMissingServices() {
  const stillMissing = [!findPostgresBin() && 'postgresql', !findRedisServer() && 'redis-server'].filter(
    Boolean,
  );
  if (stillMissing.length > 0) {
    console.warn(
      `\n!!! ${stillMissing.join(' and ')} not installed and not installable here: ` +
        `the tests that need ${stillMissing.length > 1 ? 'them' : 'it'} will ${process.env.CI ? 'FAIL (CI is set)' : 'be skipped'} !!!\n`,
    );
  }
}

/** Makes sure a Chromium for Playwright exists: Debian's package as root on Debian, Playwright's own elsewhere. */
export function ensureChromium() {
  for (const [cmd, args, env] of systemInstallSteps({ services: false }))
    if (!run(cmd, args, { env })) throw new Error(`${cmd} ${args.join(' ')} failed`);
}

/**
 * Makes sure Chromium, PostgreSQL and Redis are installed (see systemInstallSteps), the installs
 * running in the background: on a fresh machine they take a minute or more, and nothing before the
 * tests needs them. Their output goes to a file, printed when they end: this process blocks in
 * `npm ci` meanwhile and could not drain a pipe. Resolves once they are done; rejects when one fails.
 */
export function ensureSystemPackagesSoon() {
  const steps = systemInstallSteps({ services: true });
  if (steps.length === 0) return Promise.resolve();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'boardroom-packages-'));
  const logFile = path.join(dir, 'install.log');
  const log = openSync(logFile, 'w');
  const script = steps.map(([cmd, args]) => [cmd, ...args].join(' ')).join(' && ');
  console.log(`\n$ ${script} (in the background)`);
  const env = Object.assign({}, process.env, ...steps.map(([, , e]) => e));
  const child = spawn('sh', ['-c', script], { env, stdio: ['ignore', log, log] });
  return new Promise((resolve, reject) => {
    const done = (ok) => {
      closeSync(log);
      console.log(`\n$ ${script}\n${readFileSync(logFile, 'utf8').trimEnd()}`);
      rmSync(dir, { recursive: true, force: true });
      if (!ok) return reject(new Error(`${script} failed`));
      warnMissingServices();
      resolve();
    };
    child.on('close', (code) => done(code === 0));
    child.on('error', () => done(false));
  });
}
