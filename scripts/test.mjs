#!/usr/bin/env node
// The whole test suite, as CI runs it: installs what is missing (dependencies, Chromium,
// PostgreSQL and Redis for the multi-instance tests),
// then typecheck, lint, format check, production build, unit + integration tests (Vitest),
// and end-to-end tests (Playwright) against the production build. Ends with one line:
// "N passed, N failed" over every check and test.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDependenciesSoon, ensureSystemPackages } from './lib/setup.mjs';

const results = []; // { name, passed, failed, seconds }
const started = Date.now();
process.env.NEXT_TELEMETRY_DISABLED = '1';

/** Output of background checks, printed before the summary rather than inside the tests' output. */
const heldOutput = [];

/**
 * Runs a command with its output buffered and printed in one piece at its end; resolves to success.
 * `background`: at a lower CPU priority (it and what it starts), so it takes only what the rest
 * leave, and its output is held until the summary.
 */
function runBuffered(cmd, args, env = {}, { background = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    if (background && child.pid) {
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
      if (background) heldOutput.push(text);
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

// The failed tests are named again under the summary: a log cut to its last lines still says
// which test failed and why.
const firstLine = (text) =>
  String(text ?? '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .split('\n')
    .find((l) => l.trim())
    ?.trim()
    .slice(0, 200) ?? '';

function vitestFailures(report) {
  const out = [];
  for (const file of report?.testResults ?? []) {
    const where = path.relative(process.cwd(), file.name);
    for (const t of file.assertionResults ?? [])
      if (t.status === 'failed') out.push(`${where} > ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
    if (!file.assertionResults?.length && file.status === 'failed')
      out.push(`${where}: ${firstLine(file.message)}`);
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
            `${test.status === 'flaky' ? '(flaky) ' : ''}${spec.file}:${spec.line} > ${spec.title}: ${firstLine(last?.error?.message)}`,
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
let nativeSeconds = 0;
try {
  const t = Date.now();
  sqliteReady = ensureDependenciesSoon(runBuffered).then(() => {
    nativeSeconds = (Date.now() - t) / 1000;
  });
  sqliteReady.catch(() => {}); // awaited below, before anything loads it
  ensureSystemPackages();
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
  runBuffered('npx', ['eslint', '--max-warnings', '0', '.'], {}, { background: true }),
);
const format = check('format', runBuffered('npx', ['prettier', '--check', '.'], {}, { background: true }));
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

// better-sqlite3's native build ran beside the checks; the tests need it.
try {
  await sqliteReady;
} catch (err) {
  console.error(`\nsetup failed: ${err.message}`);
  const checks = await checksDone;
  console.log(
    `\n${checks.reduce((n, r) => n + r.passed, 0)} passed, ${checks.reduce((n, r) => n + r.failed, 0) + 1} failed`,
  );
  process.exit(1);
}

rmSync('test-results/unit.json', { force: true });
let t0 = Date.now();
const unitOk = await runLive('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/unit.json',
]);
const unit = readJson('test-results/unit.json');
results.push({
  name: 'unit + integration (vitest)',
  failures: vitestFailures(unit),
  passed: unit?.numPassedTests ?? 0,
  failed: unit ? unit.numFailedTests + (unitOk || unit.numFailedTests ? 0 : 1) : 1,
  seconds: (Date.now() - t0) / 1000,
});

if (built) {
  rmSync('test-results/e2e.json', { force: true });
  t0 = Date.now();
  const e2eOk = await runLive('npx', ['playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/e2e.json',
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
