#!/usr/bin/env node
// The whole test suite, as CI runs it: installs what is missing (dependencies, Chromium,
// PostgreSQL and Redis for the multi-instance tests),
// then typecheck, lint, format check, production build, unit + integration tests (Vitest),
// and end-to-end tests (Playwright) against the production build. Ends with one line:
// "N passed, N failed" over every check and test.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureDependenciesSoon, ensureSystemPackages, run } from './lib/setup.mjs';

const results = []; // { name, passed, failed, seconds }
const started = Date.now();
process.env.NEXT_TELEMETRY_DISABLED = '1';

/** Runs a command with its output buffered and printed in one piece at its end; resolves to success. */
function runBuffered(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks = [];
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => chunks.push(c));
    child.on('close', (code) => {
      console.log(`\n$ ${[cmd, ...args].join(' ')}\n${Buffer.concat(chunks).toString().trimEnd()}`);
      resolve(code === 0);
    });
    child.on('error', (err) => {
      console.log(`\n$ ${[cmd, ...args].join(' ')}\n${err.message}`);
      resolve(false);
    });
  });
}

/** Runs a check (a promise of success) and records it with its duration. */
async function check(name, ok) {
  const t0 = Date.now();
  const passed = await ok;
  results.push({ name, passed: passed ? 1 : 0, failed: passed ? 0 : 1, seconds: (Date.now() - t0) / 1000 });
  return passed;
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
// The static checks are independent and mostly single-threaded: side by side they take the time
// of the longest instead of the sum. The typecheck first generates Next.js's route types (so a
// fresh clone checks them too) and must finish before the build, which rewrites .next/; the build
// then skips Next.js's own TypeScript pass, which would repeat it (next.config.js). ESLint and
// Prettier ignore .next/ and dist/, so they run beside both.
const typechecked = check(
  'typecheck',
  runBuffered('npx', ['next', 'typegen']).then((ok) => ok && runBuffered('npx', ['tsc', '--noEmit'])),
);
const [, , built] = await Promise.all([
  check('lint', runBuffered('npx', ['eslint', '--max-warnings', '0', '.'])),
  check('format', runBuffered('npx', ['prettier', '--check', '.'])),
  typechecked.then((ok) =>
    check('build', runBuffered('npm', ['run', 'build'], { BOARDROOM_TYPECHECKED: ok ? '1' : '' })),
  ),
]);

// better-sqlite3's native build ran beside the checks; the tests need it.
try {
  await sqliteReady;
} catch (err) {
  console.error(`\nsetup failed: ${err.message}`);
  console.log(
    `\n${results.reduce((n, r) => n + r.passed, 0)} passed, ${results.reduce((n, r) => n + r.failed, 0) + 1} failed`,
  );
  process.exit(1);
}

rmSync('test-results/unit.json', { force: true });
let t0 = Date.now();
const unitOk = run('npx', [
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
  const e2eOk = run('npx', ['playwright', 'test', '--reporter=list,json'], {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/e2e.json' },
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
