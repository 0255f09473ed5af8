#!/usr/bin/env node
// The whole test suite, as CI runs it: installs what is missing (dependencies, Chromium,
// PostgreSQL and Redis for the multi-instance tests),
// then typecheck, lint, format check, production build, unit + integration tests (Vitest),
// the fault tests (Vitest), and end-to-end tests (Playwright) against the production build.
// Ends with one line:
// "N passed, N failed" over every check and test.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureDependenciesSoon, ensureSystemPackagesSoon } from './lib/setup.mjs';

const results = []; // { name, passed, failed, seconds }
const started = Date.now();
process.env.NEXT_TELEMETRY_DISABLED = '1';

/** A TCP port free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Output of background checks, printed before the summary rather than inside the tests' output. */
const heldOutput = [];

/**
 * Runs a command with its output buffered and printed in one piece at its end; resolves to success.
 * `hold`: its output is printed just before the summary instead, not inside another command's.
 * `lowPriority`: it (and what it starts) takes only the CPU the rest leave.
 */
function runBuffered(cmd, args, env = {}, { hold = false, lowPriority = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    if (lowPriority && child.pid) {
      try {
        os.setPriority(child.pid, 10);
      } catch {
        // not allowed here: it runs at the usual priority
      }
    }
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code) => {
      const text = `\n$ ${[cmd, ...args].join(' ')}\n${Buffer.concat(chunks).toString().trimEnd()}`;
      if (hold) heldOutput.push(text);
      else console.log(text);
      resolve(code === 0);
    });
    child.on('error', (err) => {
      console.log(`\n$ ${[cmd, ...args].join(' ')}\n${err.message}`);
      resolve(false);
    });
  });
}

/** Runs a command with its output shown as it comes, without blocking this process; resolves to success. */
function runLive(cmd, args, env = {}) {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: 'inherit' });
    child.on('close', (code) => resolve(code === 0));
    child.on('error', () => resolve(false));
  });
}

/** Runs a check (a promise of success); resolves to its result, with its duration. */
async function check(name, ok) {
  const t0 = Date.now();
  const passed = await ok;
  return { name, passed: passed ? 1 : 0, failed: passed ? 0 : 1, seconds: (Date.now() - t0) / 1000 };
}

// The failed tests are named again under the summary, with the first lines of why: a log cut
// to its last lines still says which test failed and what it saw.
const SUMMARY_LINES = 8;
const firstLines = (text) =>
  String(text ?? '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, SUMMARY_LINES)
    .map((l) => l.slice(0, 200))
    .join('\n           ');

function vitestFailures(report) {
  const out = [];
  for (const file of report?.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name);
    for (const t of file.assertionResults ?? [])
      if (t.status === 'failed') out.push(`${where} > ${t.fullName}: ${firstLines(t.failureMessages?.[0])}`);
    if (!file.assertionResults?.length && file.status === 'failed')
      out.push(`${where}: ${firstLines(file.message)}`);
  }
  return out;
}

function playwrightFailures(report) {
  const out = [];
  const visit = (suite) => {
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? [])
        if (test.status === 'unexpected' || test.status === 'flaky') {
          const last = test.results?.at(-1);
          out.push(
            `${test.status === 'flaky' ? '(flaky) ' : ''}${spec.file}:${spec.line} > ${spec.title}: ${firstLines(last?.error?.message)}`,
          );
        }
    for (const child of suite.suites ?? []) visit(child);
  };
  for (const suite of report?.suites ?? []) visit(suite);
  return out;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

let sqliteReady;
let systemReady;
let nativeSeconds = 0;
let systemSeconds = 0;
try {
  const t = Date.now();
  sqliteReady = ensureDependenciesSoon(runBuffered).then(() => {
    nativeSeconds = (Date.now() - t) / 1000;
  });
  sqliteReady.catch(() => {}); // awaited below, before anything loads it
  // Chromium, PostgreSQL and Redis (Debian's packages, a minute or more on a fresh machine) install
  // beside the checks: only the tests need them. After `npm ci`, which Playwright's own Chromium
  // (off Debian) needs.
  const t2 = Date.now();
  systemReady = ensureSystemPackagesSoon().then(() => {
    systemSeconds = (Date.now() - t2) / 1000;
  });
  systemReady.catch(() => {}); // awaited below, before the tests
} catch (err) {
  console.error(`\nsetup failed: ${err.message}`);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}
const setupSeconds = (Date.now() - started) / 1000;

mkdirSync('test-results', { recursive: true });
// The static checks are independent and mostly single-threaded. The typecheck first generates
// Next.js's route types (so a fresh clone checks them too) and must finish before the build,
// which rewrites .next/; the build then skips Next.js's own TypeScript pass, which would repeat it
// (next.config.js). The tests need the build and better-sqlite3's native build (one core for
// 1.5-2.5 min on a fresh machine), so those two chains go first; ESLint and Prettier, which
// nothing waits for, run beside them at a lower priority and are collected before the summary.
const lint = check(
  'lint',
  runBuffered('npx', ['eslint', '--max-warnings', '0', '.'], {}, { hold: true, lowPriority: true }),
);
const format = check(
  'format',
  runBuffered('npx', ['prettier', '--check', '.'], {}, { hold: true, lowPriority: true }),
);
const typecheck = await check(
  'typecheck',
  runBuffered('npx', ['next', 'typegen']).then((ok) => ok && runBuffered('npx', ['tsc', '--noEmit'])),
);
const build = await check(
  'build',
  runBuffered('npm', ['run', 'build'], { BOARDROOM_TYPECHECKED: typecheck.passed ? '1' : '' }),
);
const built = build.passed === 1;
/** The static checks, in a fixed order, once all are done. */
const checksDone = Promise.all([format, typecheck, lint, build]);

// better-sqlite3's native build and Debian's packages came in beside the checks; the tests need them.
try {
  await Promise.all([sqliteReady, systemReady]);
} catch (err) {
  console.error(`\nsetup failed: ${err.message}`);
  const checks = await checksDone;
  console.log(
    `\n${checks.reduce((n, r) => n + r.passed, 0)} passed, ${checks.reduce((n, r) => n + r.failed, 0) + 1} failed`,
  );
  process.exit(1);
}

/** Runs one Vitest project with a JSON report; resolves to its summary line. */
async function vitestProject(project, name, runner) {
  const file = `test-results/${project}.json`;
  rmSync(file, { force: true });
  const t0 = Date.now();
  const ok = await runner('npx', [
    'vitest',
    'run',
    `--project=${project}`,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ]);
  const report = readJson(file);
  return {
    name,
    failures: vitestFailures(report),
    passed: report?.numPassedTests ?? 0,
    failed: report ? report.numFailedTests + (ok || report.numFailedTests ? 0 : 1) : 1,
    seconds: (Date.now() - t0) / 1000,
  };
}

results.push(await vitestProject('unit', 'unit + integration (vitest)', runLive));

// Then the fault tests (one at a time), then the browser tests. The fault tests once ran beside the
// browser tests, but both want the two cores: measured back to back in one hour, 501 s one after
// the other against 550 s side by side (faults 60 s alone, 132 s beside; docs/architecture.md "Tests").
results.push(await vitestProject('faults', 'fault tests (vitest)', runLive));

if (built) {
  rmSync('test-results/e2e.json', { force: true });
  const t0 = Date.now();
  const e2eOk = await runLive('npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/e2e.json',
    // A port nobody holds now: the config's fixed default failed the run when another server had it.
    E2E_PORT: process.env.E2E_PORT ?? String(await freePort()),
  });
  const report = readJson('test-results/e2e.json');
  const stats = report?.stats;
  results.push({
    name: 'end-to-end (playwright)',
    failures: playwrightFailures(report),
    passed: stats ? stats.expected + stats.flaky : 0,
    failed: stats ? stats.unexpected + (e2eOk || stats.unexpected ? 0 : 1) : 1,
    seconds: (Date.now() - t0) / 1000,
  });
} else {
  results.push({ name: 'end-to-end (playwright): skipped, the build failed', passed: 0, failed: 1 });
}

results.unshift(...(await checksDone));
for (const text of heldOutput) console.log(text);

console.log('\nSummary');
console.log(`  setup (install what is missing): ${Math.round(setupSeconds)} s`);
if (nativeSeconds > 1)
  console.log(`  (better-sqlite3's native build, beside the checks: ${Math.round(nativeSeconds)} s)`);
if (systemSeconds > 1)
  console.log(
    `  (Chromium, PostgreSQL and Redis where missing, beside the checks: ${Math.round(systemSeconds)} s)`,
  );
for (const r of results) {
  const took = r.seconds === undefined ? '' : ` (${Math.round(r.seconds)} s)`;
  console.log(`  ${r.failed ? 'FAIL' : 'ok  '} ${r.name}: ${r.passed} passed, ${r.failed} failed${took}`);
  for (const f of r.failures ?? []) console.log(`         ${f}`);
}
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`  took ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
