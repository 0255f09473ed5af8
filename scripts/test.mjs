#!/usr/bin/env node
// The whole test suite, as CI runs it: installs what is missing (dependencies, Chromium,
// PostgreSQL and Redis for the multi-instance tests),
// then typecheck, lint, format check, production build, unit + integration tests (Vitest),
// and end-to-end tests (Playwright) against the production build. Ends with one line:
// "N passed, N failed" over every check and test.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensureChromium, ensureDependencies, ensureServices, run } from './lib/setup.mjs';

const results = []; // { name, passed, failed }
const started = Date.now();
process.env.NEXT_TELEMETRY_DISABLED = '1';

function check(name, cmd, args) {
  const ok = run(cmd, args);
  results.push({ name, passed: ok ? 1 : 0, failed: ok ? 0 : 1 });
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

try {
  ensureDependencies();
  ensureChromium();
  ensureServices();
} catch (err) {
  console.error(`\nsetup failed: ${err.message}`);
  console.log('\n0 passed, 1 failed');
  process.exit(1);
}

mkdirSync('test-results', { recursive: true });
check('typecheck', 'npx', ['tsc', '--noEmit']);
check('lint', 'npx', ['eslint', '--max-warnings', '0', '.']);
check('format', 'npx', ['prettier', '--check', '.']);
const built = check('build', 'npm', ['run', 'build']);

rmSync('test-results/unit.json', { force: true });
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
  passed: unit?.numPassedTests ?? 0,
  failed: unit ? unit.numFailedTests + (unitOk || unit.numFailedTests ? 0 : 1) : 1,
});

if (built) {
  rmSync('test-results/e2e.json', { force: true });
  const e2eOk = run('npx', ['playwright', 'test', '--reporter=list,json'], {
    env: { PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/e2e.json' },
  });
  const stats = readJson('test-results/e2e.json')?.stats;
  results.push({
    name: 'end-to-end (playwright)',
    passed: stats ? stats.expected + stats.flaky : 0,
    failed: stats ? stats.unexpected + (e2eOk || stats.unexpected ? 0 : 1) : 1,
  });
} else {
  results.push({ name: 'end-to-end (playwright): skipped, the build failed', passed: 0, failed: 1 });
}

console.log('\nSummary');
for (const r of results)
  console.log(`  ${r.failed ? 'FAIL' : 'ok  '} ${r.name}: ${r.passed} passed, ${r.failed} failed`);
const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log(`  took ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
